"""The tutorial's data path on the real images (run by deploy/test/images): three cache servers and
a proxy configured as the operator configures it (one pool, PoolRoute, Ch3).

1. pymemcache's HashClient, given the three servers, stores and reads back keys (tutorial step 3);
2. through the proxy's port, memcached text commands store keys (tutorial step 4, as telnet would
   send them); each key then sits on exactly one server, and every server holds some of them.

Usage: tutorial_data_path.py PROXY_PORT SERVER_PORT...
"""

import socket
import sys

from pymemcache.client.hash import HashClient


def ask(port, request):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(request)
        reply = b""
        while not reply.endswith((b"END\r\n", b"STORED\r\n", b"ERROR\r\n")):
            chunk = s.recv(65536)
            if not chunk:
                break
            reply += chunk
        return reply


def main():
    proxy, servers = int(sys.argv[1]), [int(p) for p in sys.argv[2:]]
    failures = []

    client = HashClient([("127.0.0.1", p) for p in servers], connect_timeout=5, timeout=5)
    keys = ["hash-client-%d" % i for i in range(30)]
    for k in keys:
        if not client.set(k, k.encode(), noreply=False):
            failures.append("HashClient set %s failed" % k)
    got = client.get_many(keys)
    if got != {k: k.encode() for k in keys}:
        failures.append("HashClient read back %d of %d keys" % (len(got), len(keys)))

    placed = {p: 0 for p in servers}
    for i in range(60):
        key = b"via-proxy-%d" % i
        reply = ask(proxy, b"set %s 0 0 %d\r\n%s\r\n" % (key, len(key), key))
        if reply != b"STORED\r\n":
            failures.append("proxy set %s: %r" % (key, reply))
            continue
        holders = [p for p in servers if ask(p, b"get %s\r\n" % key).startswith(b"VALUE")]
        if len(holders) != 1:
            failures.append("%s is on %d servers, want 1" % (key, len(holders)))
        for p in holders:
            placed[p] += 1
        if not ask(proxy, b"get %s\r\n" % key).startswith(b"VALUE %s" % key):
            failures.append("proxy get %s missed" % key)
    if min(placed.values()) == 0:
        failures.append("the proxy left a server empty: %s" % placed)

    print("keys per server through the proxy: %s" % placed)
    for f in failures[:20]:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
