package dev.spectrum.notify.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Vets user-supplied webhook URLs against server-side request forgery: https only, no credentials in the URL, no
 * numeric IPv4 spellings other than the dotted quad, and every address the host resolves to must be public. The
 * caller connects to the returned, vetted address, so a second DNS answer (rebinding) cannot redirect the request.
 * With {@code allowLoopback} (local runs and tests only) http and loopback targets pass; nothing else private does.
 */
public final class SsrfGuard {

    /** A vetted target: connect to {@code address}, speak to {@code host}. */
    public record Target(URI uri, String host, int port, boolean tls, InetAddress address) {
        public String pathAndQuery() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    /** Why a URL is refused. */
    public static final class Refused extends RuntimeException {
        public Refused(String reason) {
            super(reason);
        }
    }

    /** Any all-numeric or hex host: a dotted quad is read as such, every other spelling is refused. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("^(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*\\.?$");
    private static final Pattern DOTTED_QUAD = Pattern.compile("^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$");

    private final boolean allowLoopback;

    public SsrfGuard(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    public Target vet(String url) {
        if (url == null || url.isBlank()) {
            throw new Refused("no URL");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new Refused("not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("https");
        if (!tls && !(scheme.equals("http") && allowLoopback)) {
            throw new Refused("only https URLs are accepted");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("credentials in the URL are not accepted");
        }
        String host = uri.getHost();
        if (host == null) {
            String authority = uri.getRawAuthority();
            if (authority != null && NUMERIC_HOST.matcher(stripPort(authority).toLowerCase(Locale.ROOT)).matches()) {
                throw new Refused("IPv4 address in decimal, octal or hex spelling");
            }
            throw new Refused("the URL has no host");
        }
        host = host.toLowerCase(Locale.ROOT);
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        InetAddress[] addresses;
        if (host.startsWith("[")) {
            String literal = host.substring(1, host.length() - 1);
            InetAddress a = literal(literal);
            if (a instanceof Inet4Address || isMapped(literal)) {
                throw new Refused("IPv4-mapped IPv6 address");
            }
            addresses = new InetAddress[] {a};
        } else if (NUMERIC_HOST.matcher(host).matches()) {
            if (!DOTTED_QUAD.matcher(host).matches()) {
                throw new Refused("IPv4 address in decimal, octal or hex spelling");
            }
            addresses = new InetAddress[] {literal(host)};
        } else {
            try {
                addresses = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new Refused("host does not resolve: " + host);
            }
        }
        for (InetAddress a : addresses) {
            String why = blocked(a);
            if (why != null) {
                throw new Refused(host + " resolves to " + a.getHostAddress() + ", " + why);
            }
        }
        return new Target(uri, host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port, tls, addresses[0]);
    }

    private static String stripPort(String authority) {
        int colon = authority.lastIndexOf(':');
        return colon > 0 && authority.indexOf(']') < colon ? authority.substring(0, colon) : authority;
    }

    private static boolean isMapped(String literal) {
        String l = literal.toLowerCase(Locale.ROOT);
        return l.contains("ffff:") && (l.startsWith("::ffff:") || l.startsWith("0:0:0:0:0:ffff:"));
    }

    private static InetAddress literal(String text) {
        try {
            // a literal: no DNS query happens
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new Refused("not a valid IP address: " + text);
        }
    }

    /** Why an address may not be called, or null when it may. */
    String blocked(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int o0 = b[0] & 0xff;
            int o1 = b[1] & 0xff;
            if (o0 == 127) {
                return allowLoopback ? null : "a loopback address (127.0.0.0/8)";
            }
            if (o0 == 0) {
                return "a 'this network' address (0.0.0.0/8)";
            }
            if (o0 == 10) {
                return "a private address (10.0.0.0/8)";
            }
            if (o0 == 172 && o1 >= 16 && o1 <= 31) {
                return "a private address (172.16.0.0/12)";
            }
            if (o0 == 192 && o1 == 168) {
                return "a private address (192.168.0.0/16)";
            }
            if (o0 == 169 && o1 == 254) {
                return "a link-local address (169.254.0.0/16, cloud metadata)";
            }
            if (o0 == 100 && o1 >= 64 && o1 <= 127) {
                return "a carrier-grade NAT address (100.64.0.0/10)";
            }
            if (o0 == 192 && o1 == 0 && (b[2] & 0xff) == 0) {
                return "an IETF protocol address (192.0.0.0/24)";
            }
            if (o0 == 198 && (o1 == 18 || o1 == 19)) {
                return "a benchmarking address (198.18.0.0/15)";
            }
            if (o0 >= 224) {
                return "a multicast or reserved address";
            }
            return null;
        }
        if (a instanceof Inet6Address) {
            if (a.isLoopbackAddress()) {
                return allowLoopback ? null : "the IPv6 loopback address (::1)";
            }
            if (a.isAnyLocalAddress()) {
                return "the unspecified address (::)";
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return "a unique local address (fc00::/7)";
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
                return "a link-local address (fe80::/10)";
            }
            if ((b[0] & 0xff) == 0xff) {
                return "a multicast address";
            }
            boolean zeroPrefix = true;
            for (int i = 0; i < 10; i++) {
                zeroPrefix &= b[i] == 0;
            }
            if (zeroPrefix) {
                return "an IPv4-compatible or IPv4-mapped IPv6 address";
            }
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                return "a NAT64 address (64:ff9b::/96)";
            }
            return null;
        }
        return "an unknown address family";
    }
}
