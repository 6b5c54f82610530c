package dev.signpost.core.health;

import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;

/** For {@code TLSSkipVerify}: an SSL context that accepts any certificate for any host. */
final class TrustEverything extends javax.net.ssl.X509ExtendedTrustManager {

  static SSLContext context() {
    try {
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new javax.net.ssl.TrustManager[] {new TrustEverything()}, null);
      return ssl;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS support in this JDK", e);
    }
  }

  @Override
  public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

  @Override
  public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

  @Override
  public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType, java.net.Socket s) {}

  @Override
  public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType, java.net.Socket s) {}

  @Override
  public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType,
      javax.net.ssl.SSLEngine e) {}

  @Override
  public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType,
      javax.net.ssl.SSLEngine e) {}

  @Override
  public java.security.cert.X509Certificate[] getAcceptedIssuers() {
    return new java.security.cert.X509Certificate[0];
  }
}
