package io.memkube.e2e.dataplane;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;

/**
 * Asks the cluster's DNS (the {@code kube-dns} Service, CoreDNS on the local cluster) directly, the
 * way a pod's resolver does, instead of the host's resolver, which knows nothing of cluster.local.
 */
final class ClusterDns {

  /** The kube-dns Service's address on the local cluster (e2e/bin/lib/real-node.sh). */
  static final String SERVER = System.getProperty("memkube.e2e.dns", "203.0.113.10");

  private ClusterDns() {}

  /** The A records of {@code name}, empty when the name does not exist. */
  static List<String> addresses(String name) {
    Hashtable<String, String> env = new Hashtable<>();
    env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
    env.put("java.naming.provider.url", "dns://" + SERVER);
    env.put("com.sun.jndi.dns.timeout.initial", "1000");
    env.put("com.sun.jndi.dns.timeout.retries", "2");
    try {
      InitialDirContext context = new InitialDirContext(env);
      try {
        Attribute records = context.getAttributes(name, new String[] {"A"}).get("A");
        List<String> addresses = new ArrayList<>();
        if (records != null) {
          NamingEnumeration<?> values = records.getAll();
          while (values.hasMore()) {
            addresses.add(values.next().toString());
          }
        }
        return addresses;
      } finally {
        context.close();
      }
    } catch (NameNotFoundException e) {
      return List.of();
    } catch (NamingException e) {
      throw new IllegalStateException("DNS query for " + name + " at " + SERVER + " failed", e);
    }
  }
}
