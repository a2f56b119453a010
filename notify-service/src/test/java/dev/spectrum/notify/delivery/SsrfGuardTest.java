package dev.spectrum.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every SSRF case of the delivery-and-security notes, one row each, against the production setting. */
class SsrfGuardTest {

    private final SsrfGuard production = new SsrfGuard(false);

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            plain http                     | http://example.com/hook                       | only https
            credentials in URL             | https://user:pw@example.com/hook              | credentials
            loopback 127.0.0.1             | https://127.0.0.1/hook                        | 127.0.0.0/8
            loopback 127.1.2.3             | https://127.1.2.3:8443/hook                   | 127.0.0.0/8
            name resolving to loopback     | https://localhost/hook                        | loopback
            IPv6 loopback ::1              | https://[::1]/hook                            | ::1
            this network 0.0.0.0           | https://0.0.0.0/hook                          | 0.0.0.0/8
            this network 0.1.2.3           | https://0.1.2.3/hook                          | 0.0.0.0/8
            private 10/8                   | https://10.1.2.3/hook                         | 10.0.0.0/8
            private 172.16/12 low          | https://172.16.0.1/hook                       | 172.16.0.0/12
            private 172.16/12 high         | https://172.31.255.254/hook                   | 172.16.0.0/12
            private 192.168/16             | https://192.168.1.1/hook                      | 192.168.0.0/16
            link-local metadata 169.254    | https://169.254.169.254/latest/meta-data      | 169.254.0.0/16
            carrier-grade NAT 100.64/10    | https://100.64.0.1/hook                       | 100.64.0.0/10
            carrier-grade NAT upper end    | https://100.127.255.254/hook                  | 100.64.0.0/10
            unique local fc00::/7          | https://[fc00::1]/hook                        | fc00::/7
            unique local fd00::            | https://[fd12:3456:789a::1]/hook              | fc00::/7
            link-local fe80::/10           | https://[fe80::1]/hook                        | fe80::/10
            IPv4-mapped loopback           | https://[::ffff:127.0.0.1]/hook               | IPv4-mapped
            IPv4-mapped metadata (hex)     | https://[::ffff:a9fe:a9fe]/hook               | IPv4-mapped
            IPv4-mapped private            | https://[0:0:0:0:0:ffff:10.0.0.1]/hook        | IPv4-mapped
            decimal IPv4                   | https://2130706433/hook                       | decimal, octal or hex
            octal IPv4                     | https://0177.0.0.1/hook                       | decimal, octal or hex
            octal IPv4 single number       | https://017700000001/hook                     | decimal, octal or hex
            hex IPv4                       | https://0x7f000001/hook                       | decimal, octal or hex
            hex IPv4 dotted                | https://0x7f.0x0.0x0.0x1/hook                 | decimal, octal or hex
            short IPv4                     | https://127.1/hook                            | decimal, octal or hex
            decimal metadata               | https://2852039166/latest                     | decimal, octal or hex
            """)
    void refused(String name, String url, String reason) {
        assertThatThrownBy(() -> production.vet(url)).isInstanceOf(SsrfGuard.Refused.class).hasMessageContaining(reason);
    }

    @Test
    void publicAddressesPassAndTheVettedAddressIsWhatGetsCalled() {
        SsrfGuard.Target t = production.vet("https://93.184.215.14:8443/hooks/a?x=1");
        assertThat(t.address().getHostAddress()).isEqualTo("93.184.215.14");
        assertThat(t.port()).isEqualTo(8443);
        assertThat(t.tls()).isTrue();
        assertThat(t.pathAndQuery()).isEqualTo("/hooks/a?x=1");
        assertThat(production.blocked(t.address())).isNull();
        assertThat(production.vet("https://172.32.0.1/").address().getHostAddress()).isEqualTo("172.32.0.1");
    }

    @Test
    void theLocalSettingOpensLoopbackAndHttpButNoOtherPrivateRange() {
        SsrfGuard local = new SsrfGuard(true);
        SsrfGuard.Target t = local.vet("http://localhost:9/hook");
        assertThat(t.address().isLoopbackAddress()).isTrue();
        assertThat(t.host()).isEqualTo("localhost");
        assertThatThrownBy(() -> local.vet("http://10.0.0.1/hook")).hasMessageContaining("10.0.0.0/8");
        assertThatThrownBy(() -> local.vet("http://169.254.169.254/")).hasMessageContaining("169.254");
        assertThatThrownBy(() -> local.vet("ftp://127.0.0.1/")).hasMessageContaining("only https");
    }
}
