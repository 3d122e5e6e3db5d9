// Bypass lab app: an X509TrustManager that pins, as apps hand-roll them: the chain must be valid
// for the platform (the default trust managers) AND the leaf's public key must be the pinned
// one. mitmproxy's certificate passes the first check (its CA is trusted) and fails the second.
package com.harnesslab.bypass;

import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

final class PinningTrustManager implements X509TrustManager {
    private final X509TrustManager platform;
    private final String pin; // base64 SHA-256 of the server's SubjectPublicKeyInfo

    PinningTrustManager(String pin) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        X509TrustManager found = null;
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                found = x509;
            }
        }
        this.platform = found;
        this.pin = pin;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        platform.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        platform.checkServerTrusted(chain, authType);
        String seen;
        try {
            seen = Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(chain[0].getPublicKey().getEncoded()));
        } catch (Exception e) {
            throw new CertificateException(e);
        }
        if (!seen.equals(pin)) {
            throw new CertificateException("pin mismatch: server key " + seen + ", pinned " + pin);
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return platform.getAcceptedIssuers();
    }
}
