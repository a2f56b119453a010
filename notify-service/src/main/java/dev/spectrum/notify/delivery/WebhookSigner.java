package dev.spectrum.notify.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Standard Webhooks signatures: {@code v1,base64(HMAC-SHA256(key, id.timestamp.body))}, key = base64 after whsec_. */
public final class WebhookSigner {

    private WebhookSigner() {
    }

    public static String sign(String secret, String id, long timestamp, String body) {
        String b64 = secret.startsWith("whsec_") ? secret.substring(6) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(b64), "HmacSHA256"));
            byte[] sig = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
