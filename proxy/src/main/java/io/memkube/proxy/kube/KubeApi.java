package io.memkube.proxy.kube;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The few Kubernetes API calls the proxy makes (read and watch its ConfigMap, report the config it
 * runs), on the JDK's HttpClient with the pod's service account.
 *
 * <p>Why not the Fabric8 client the operator uses: the proxy needs three requests, and Fabric8
 * brings about 20 MB of jars, an HTTP stack and the whole API model into a data-plane process that
 * runs on every node (measured in docs/proxy.md, "Config through the Kubernetes API"), plus a
 * second Netty or Vert.x next to the proxy's own Netty 4.2.
 */
public final class KubeApi {
  /** Where the kubelet mounts the service account's token, CA and namespace. */
  public static final Path SERVICE_ACCOUNT =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final Supplier<String> token;
  private final HttpClient http;

  /**
   * @param base the API server, e.g. {@code https://203.0.113.1:443}
   * @param token the bearer token, asked for on every request (null or empty: none)
   * @param sslContext trusts the API server's certificate (null: the JDK's defaults)
   */
  public KubeApi(URI base, Supplier<String> token, SSLContext sslContext) {
    this.base = base;
    this.token = token;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT);
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    this.http = builder.build();
  }

  /**
   * The API server as a pod sees it: {@code KUBERNETES_SERVICE_HOST/PORT}, the service account's
   * CA, and its token, read again on every request because the kubelet rotates it (bound tokens
   * expire within the hour).
   */
  public static KubeApi inCluster() throws IOException {
    String host = System.getenv("KUBERNETES_SERVICE_HOST");
    String port = System.getenv("KUBERNETES_SERVICE_PORT");
    if (host == null || host.isEmpty()) {
      throw new IOException("not in a pod: KUBERNETES_SERVICE_HOST is not set");
    }
    Path tokenFile = SERVICE_ACCOUNT.resolve("token");
    if (!Files.isReadable(tokenFile)) {
      throw new IOException("no service account token at " + tokenFile);
    }
    String authority = host.contains(":") ? "[" + host + "]" : host;
    URI base = URI.create("https://" + authority + ":" + (port == null ? "443" : port));
    return new KubeApi(
        base, () -> readToken(tokenFile), trusting(SERVICE_ACCOUNT.resolve("ca.crt")));
  }

  private static String readToken(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return ""; // the request fails with 401 and is tried again later
    }
  }

  /** An SSL context that trusts the certificates of a PEM file (the cluster's CA). */
  static SSLContext trusting(Path caFile) throws IOException {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use the CA in " + caFile + ": " + e.getMessage(), e);
    }
  }

  /** GET {@code path}; the body as text. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        request(path, REQUEST_TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** GET {@code path} as a stream that stays open (a watch); no request timeout. */
  public HttpResponse<InputStream> stream(String path) throws IOException, InterruptedException {
    return http.send(request(path, null).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** PATCH {@code path} with a JSON merge patch. */
  public HttpResponse<String> mergePatch(String path, String json)
      throws IOException, InterruptedException {
    return http.send(
        request(path, REQUEST_TIMEOUT)
            .header("Content-Type", "application/merge-patch+json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** The API server's address, for logs. */
  public URI base() {
    return base;
  }

  private HttpRequest.Builder request(String path, Duration timeout) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).header("Accept", "application/json");
    if (timeout != null) {
      b.timeout(timeout);
    }
    String t = token.get();
    if (t != null && !t.isEmpty()) {
      b.header("Authorization", "Bearer " + t);
    }
    return b;
  }
}
