// Stand-in for OkHttp 3/4's okhttp3.CertificatePinner, with its real name and the signature the
// unpinning hook targets: check(String hostname, List<Certificate> peerCertificates) throws
// SSLPeerUnverifiedException when no certificate of the chain has a pinned public key for the
// host. Pins are OkHttp's "sha256/<base64 of the SHA-256 of the SubjectPublicKeyInfo>".
// Like OkHttp, the check runs after the TLS handshake and before the request is written.
package okhttp3;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;

public final class CertificatePinner {
    private final Map<String, List<String>> pins;

    private CertificatePinner(Map<String, List<String>> pins) {
        this.pins = pins;
    }

    public void check(String hostname, List<Certificate> peerCertificates)
            throws SSLPeerUnverifiedException {
        List<String> wanted = pins.get(hostname);
        if (wanted == null) {
            return;
        }
        List<String> seen = new ArrayList<>();
        for (Certificate certificate : peerCertificates) {
            String pin = "sha256/" + sha256(certificate.getPublicKey().getEncoded());
            if (wanted.contains(pin)) {
                return;
            }
            seen.add(pin);
        }
        throw new SSLPeerUnverifiedException("Certificate pinning failure!\n  Peer certificate chain: "
                + seen + "\n  Pinned certificates for " + hostname + ": " + wanted);
    }

    static String sha256(byte[] data) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class Builder {
        private final Map<String, List<String>> pins = new HashMap<>();

        public Builder add(String pattern, String... pinList) {
            pins.computeIfAbsent(pattern, k -> new ArrayList<>()).addAll(List.of(pinList));
            return this;
        }

        public CertificatePinner build() {
            return new CertificatePinner(pins);
        }
    }
}
