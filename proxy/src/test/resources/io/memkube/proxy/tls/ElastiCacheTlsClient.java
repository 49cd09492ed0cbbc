import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import net.spy.memcached.ClientMode;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;

/**
 * A Java application over TLS: the AWS ElastiCache cluster client (spymemcached's fork with TLS),
 * run by the source launcher with the client's jar alone on the class path (it shares spymemcached's
 * package names, so it cannot sit beside spymemcached on the tests' class path).
 *
 * <p>Usage: {@code java -cp CLIENT_JAR ElastiCacheTlsClient.java PORT CA_FILE "USER PASSWORD"}.
 * Logs in with memcached's ASCII authentication (a set whose value is "user password"), stores and
 * reads a value, prints {@code ok VALUE} and exits 0; prints the error and exits 1 otherwise.
 */
public class ElastiCacheTlsClient {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (FileInputStream ca = new FileInputStream(args[1])) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    MemcachedClient client =
        new MemcachedClient(
            new ConnectionFactoryBuilder()
                .setClientMode(ClientMode.Static)
                .setSSLContext(tls)
                .setHostnameForTlsVerification("localhost")
                .setOpTimeout(10_000)
                .build(),
            List.of(new InetSocketAddress("127.0.0.1", port)));
    int status = 1;
    try {
      if (!client.set("auth", 0, args[2]).get(10, TimeUnit.SECONDS)) {
        System.out.println("login refused");
      } else if (!client.set("java:key", 0, "from the ElastiCache client").get(10, TimeUnit.SECONDS)) {
        System.out.println("set refused");
      } else {
        System.out.println("ok " + client.get("java:key"));
        status = 0;
      }
    } catch (Exception e) {
      System.out.println("error " + e);
    } finally {
      client.shutdown(5, TimeUnit.SECONDS);
    }
    System.exit(status);
  }
}
