"""pymemcache over TLS through Python's ssl module, as a Python application would talk to memkube.

Usage: pymemcache_tls.py PORT CA_FILE USER PASSWORD
Logs in with memcached's ASCII authentication (a set whose value is "user password"), stores and
reads a value, and prints "ok CERT" with the certificate the server presented (base64 of its DER,
as a PEM body on one line); prints the error and exits 1 otherwise.
"""

import ssl
import sys

from pymemcache.client.base import Client


def main():
    port, ca_file, user, password = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    context = ssl.create_default_context(cafile=ca_file)  # checks the name and the dates
    client = Client(("127.0.0.1", int(port)), tls_context=context, connect_timeout=10, timeout=10)
    try:
        if not client.set("auth", ("%s %s" % (user, password)).encode(), noreply=False):
            print("login refused")
            return 1
        client.set("py:key", b"from pymemcache", noreply=False)
        value = client.get("py:key")
        if value != b"from pymemcache":
            print("read back %r" % (value,))
            return 1
        der = client.sock.getpeercert(binary_form=True)
        pem = ssl.DER_cert_to_PEM_cert(der)
        print("ok " + "".join(pem.split("\n")[1:-2]))
        return 0
    except Exception as e:  # the test prints it
        print("error %s: %s" % (type(e).__name__, e))
        return 1
    finally:
        client.close()


if __name__ == "__main__":
    sys.exit(main())
