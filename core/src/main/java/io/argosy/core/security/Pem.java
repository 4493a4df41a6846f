package io.argosy.core.security;

import io.argosy.gpu.InvalidSpecException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS trust for the JDK HTTP client: an SSLContext trusting the certificates of a PEM bundle. */
public final class Pem {
  private Pem() {}

  /** Trusts exactly the certificates in {@code pem} (a private CA, or a self-signed server certificate). */
  public static SSLContext trusting(Path pem, String option) {
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(pem)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw new InvalidSpecException(option, "cannot read " + pem + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new InvalidSpecException(option, pem + " is not a PEM certificate: " + e.getMessage());
    }
    if (certs.isEmpty()) {
      throw new InvalidSpecException(option, pem + " holds no certificate");
    }
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        ks.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust store from " + pem + ": " + e.getMessage(), e);
    }
  }
}
