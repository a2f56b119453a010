package dev.spectrum.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmlSecurityTest {

    @Test
    void externalEntityIsRefusedWithoutReadingTheFile(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-42");
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>http://arxiv.org/abs/2411.17700v1</id>"
                + "<title>&xxe;</title></entry></feed>";
        FeedException e = catchThrowableOfType(FeedException.class, () -> ArxivXml.api(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).isNotNull();
        assertThat(e.retryable()).as("a hostile document is not worth retrying").isFalse();
        assertThat(e.getMessage()).containsIgnoringCase("DTD").doesNotContain("TOP-SECRET-42");
    }

    @Test
    void billionLaughsIsRefusedWithoutExpansion() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        dtd.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">");
        for (int i = 2; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            for (int k = 0; k < 10; k++) {
                dtd.append("&lol").append(i - 1).append(';');
            }
            dtd.append("\">");
        }
        dtd.append("]>");
        String xml = "<?xml version=\"1.0\"?>" + dtd + "<rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>";
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        long start = System.nanoTime();
        FeedException e = catchThrowableOfType(FeedException.class, () -> ArxivXml.feed(xml.getBytes(StandardCharsets.UTF_8)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(e).isNotNull();
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).containsIgnoringCase("DTD").doesNotContain("lollol");
        assertThat(millis).as("refused at once, not after expanding 10^9 entities").isLessThan(2000);
        assertThat(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory() - before).isLessThan(200L << 20);
    }

    @Test
    void undeclaredEntityWithoutDtdIsAnErrorNotText() {
        String xml = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>&undeclared;</title></feed>";
        FeedException e = catchThrowableOfType(FeedException.class, () -> ArxivXml.api(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).containsIgnoringCase("entity");
    }
}
