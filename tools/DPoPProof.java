import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.KeyAgreement;

/**
 * Signs DPoP proofs (RFC 9449) from the command line, so that curl can call a DPoP-protected API. Needs nothing
 * but a JDK 17 or later: run it with the single-file source launcher, no build and no classpath.
 *
 * <pre>
 * Usage:
 *   java tools/DPoPProof.java keygen KEY_FILE
 *       Makes a new EC P-256 key, writes it to KEY_FILE (PKCS#8 PEM, readable by its owner only; an existing
 *       file is never overwritten) and prints the public JWK and its RFC 7638 SHA-256 thumbprint, the cnf.jkt
 *       that tokens bound to this key carry.
 *   java tools/DPoPProof.java jwk KEY_FILE
 *       Prints the public JWK and thumbprint of an existing key.
 *   java tools/DPoPProof.java proof KEY_FILE METHOD URL [ACCESS_TOKEN] [--nonce NONCE]
 *       Prints a compact ES256 proof for one request, and nothing else. With ACCESS_TOKEN the proof carries
 *       ath (for an API call); without it, none (for a token endpoint). Query and fragment of URL are dropped.
 *
 * Example, against the demo (B is the URL the client calls, exactly as the server sees it):
 *   B=http://localhost:8080
 *   java tools/DPoPProof.java keygen client-key.pem
 *   TOKEN=$(curl -s -X POST $B/auth/login -H 'Content-Type: application/json' \
 *        -H "DPoP: $(java tools/DPoPProof.java proof client-key.pem POST $B/auth/login)" \
 *        -d '{"username":"alice","password":"alice-demo-pass"}' | sed -E 's/^.*"access_token":"([^"]+)".*$/\1/')
 *   curl -s $B/api/me -H "Authorization: DPoP $TOKEN" \
 *        -H "DPoP: $(java tools/DPoPProof.java proof client-key.pem GET $B/api/me "$TOKEN")"
 *   A proof is good for one request: sign a new one for every call. After a 401 with error="use_dpop_nonce",
 *   sign again with --nonce set to the DPoP-Nonce header of that answer.
 *
 * Output: proofs and keys on stdout; errors on stderr with exit code 2. Any PKCS#8 P-256 key works, for example
 * one from "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out KEY_FILE".
 * </pre>
 *
 * Proof header {@code {"typ":"dpop+jwt","alg":"ES256","jwk":{public key}}}; claims {@code jti} (a random UUID),
 * {@code htm}, {@code htu}, {@code iat} (now), {@code ath} (base64url SHA-256 of the token) when a token is given
 * and {@code nonce} when one is given. The signature is the JOSE form of ES256: R and S, 32 bytes each.
 */
public final class DPoPProof {
    private static final String USAGE = String.join(
            "\n",
            "Usage:",
            "  java tools/DPoPProof.java keygen KEY_FILE",
            "      new EC P-256 key in KEY_FILE (PKCS#8 PEM, owner-only); prints its public JWK and thumbprint (jkt)",
            "  java tools/DPoPProof.java jwk KEY_FILE",
            "      prints the public JWK and thumbprint (jkt) of an existing key",
            "  java tools/DPoPProof.java proof KEY_FILE METHOD URL [ACCESS_TOKEN] [--nonce NONCE]",
            "      prints a DPoP proof for the request (with ath when ACCESS_TOKEN is given)");

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    /** RFC 9110 token characters: what a method name is made of. */
    private static final Pattern METHOD = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** RFC 9449 section 8.1: NQCHAR, printable ASCII without double quote and backslash. */
    private static final Pattern NONCE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    /** RFC 6750 section 2.1 b64token, the form of an access token in an Authorization header. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final int COORDINATE_BYTES = 32;
    private static final FileAttribute<?> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private DPoPProof() {}

    /** A mistake of the caller's: printed without a stack trace, exit code 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Runs one command; see the class comment.
     *
     * @param args the command and its arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        try {
            switch (args[0]) {
                case "keygen" -> keygen(args, out);
                case "jwk" -> printJwk(publicKey(readKey(oneKeyFile(args))), out);
                case "proof" -> out.println(proof(args));
                case "-h", "--help", "help" -> out.println(USAGE);
                default -> throw new UsageException("unknown command '" + args[0] + "'\n" + USAGE);
            }
            out.flush();
            return out.checkError() ? 2 : 0;
        } catch (UsageException e) {
            err.println("DPoPProof: " + e.getMessage());
            return 2;
        } catch (GeneralSecurityException | RuntimeException e) {
            // Never a stack trace: the class of the failure and the JDK's message say enough.
            err.println("DPoPProof: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 2;
        }
    }

    private static Path oneKeyFile(String[] args) throws UsageException {
        if (args.length != 2) {
            throw new UsageException(args[0] + " takes exactly one argument, the key file\n" + USAGE);
        }
        return Path.of(args[1]);
    }

    // ---- keygen ----

    private static void keygen(String[] args, PrintStream out) throws GeneralSecurityException, UsageException {
        Path file = oneKeyFile(args);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var pair = generator.generateKeyPair();
        writeOwnerOnly(file, pem(pair.getPrivate().getEncoded()));
        printJwk((ECPublicKey) pair.getPublic(), out);
    }

    private static String pem(byte[] pkcs8) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8);
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    /** Creates the file with owner-only permissions from the start (no window in which others could open it). */
    private static void writeOwnerOnly(Path file, String content) throws UsageException {
        try {
            boolean posix = Files.getFileStore(existingParent(file)).supportsFileAttributeView("posix");
            FileAttribute<?>[] attributes = posix ? new FileAttribute<?>[] {OWNER_ONLY} : new FileAttribute<?>[0];
            Files.createFile(file, attributes);
            Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new UsageException("key file " + file + " already exists; not overwritten");
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot write key file " + file + ": no such directory");
        } catch (IOException e) {
            throw new UsageException("cannot write key file " + file + ": " + e.getMessage());
        }
    }

    private static Path existingParent(Path file) throws UsageException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UsageException("cannot write key file " + file + ": no such directory");
        }
        return parent;
    }

    // ---- keys and JWK ----

    private static ECPrivateKey readKey(Path file) throws UsageException, GeneralSecurityException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read key file " + file + ": no such file");
        } catch (IOException e) {
            throw new UsageException("cannot read key file " + file + ": " + e.getMessage());
        }
        Matcher pem = PEM.matcher(text);
        if (!pem.find()) {
            throw new UsageException("key file " + file + " holds no unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY);"
                    + " convert one with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out NEW_KEY_FILE");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.group(1));
        if (!(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof ECPrivateKey key)
                || !isP256(key.getParams())) {
            throw new UsageException("key file " + file + " holds no EC P-256 key");
        }
        return key;
    }

    private static ECParameterSpec p256() throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        return parameters.getParameterSpec(ECParameterSpec.class);
    }

    private static boolean isP256(ECParameterSpec params) throws GeneralSecurityException {
        ECParameterSpec p256 = p256();
        return params.getCurve().equals(p256.getCurve())
                && params.getGenerator().equals(p256.getGenerator())
                && params.getOrder().equals(p256.getOrder());
    }

    /**
     * The public point d*G of a private key. A PKCS#8 key need not carry it (the JDK's do not), so it is derived:
     * ECDH of d with the generator G yields x (computed by the JDK, in constant time); y is one of the two square
     * roots of x^3 + ax + b, and the right one is the one that verifies a signature made with d.
     */
    private static ECPublicKey publicKey(ECPrivateKey key) throws GeneralSecurityException {
        ECParameterSpec params = key.getParams();
        KeyFactory factory = KeyFactory.getInstance("EC");
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(key);
        ecdh.doPhase(factory.generatePublic(new ECPublicKeySpec(params.getGenerator(), params)), true);
        BigInteger x = new BigInteger(1, ecdh.generateSecret());
        BigInteger p = ((java.security.spec.ECFieldFp) params.getCurve().getField()).getP();
        BigInteger rhs = x.pow(3)
                .add(params.getCurve().getA().multiply(x))
                .add(params.getCurve().getB())
                .mod(p);
        // p = 3 (mod 4) for P-256, so a square root is rhs^((p+1)/4).
        BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
        byte[] probe = "DPoPProof public key probe".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = sign(key, probe);
        for (BigInteger candidate : List.of(y, p.subtract(y))) {
            ECPublicKey publicKey =
                    (ECPublicKey) factory.generatePublic(new ECPublicKeySpec(new ECPoint(x, candidate), params));
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return publicKey;
            }
        }
        throw new GeneralSecurityException("could not derive the public key");
    }

    /** The members of a public EC JWK, in the lexicographic order RFC 7638 section 3.2 requires. */
    private static String thumbprintInput(ECPublicKey key) {
        return "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + coordinate(key.getW().getAffineX())
                + "\",\"y\":\"" + coordinate(key.getW().getAffineY()) + "\"}";
    }

    private static String jwk(ECPublicKey key) {
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + coordinate(key.getW().getAffineX())
                + "\",\"y\":\"" + coordinate(key.getW().getAffineY()) + "\"}";
    }

    static String thumbprint(ECPublicKey key) throws GeneralSecurityException {
        return BASE64URL.encodeToString(sha256(thumbprintInput(key).getBytes(StandardCharsets.US_ASCII)));
    }

    private static void printJwk(ECPublicKey key, PrintStream out) throws GeneralSecurityException {
        out.println("jwk: " + jwk(key));
        out.println("jkt: " + thumbprint(key));
    }

    /** A coordinate as exactly 32 bytes, big-endian (RFC 7518 section 6.2.1.2): no sign byte, left-padded. */
    private static String coordinate(BigInteger value) {
        return BASE64URL.encodeToString(fixedLength(value.toByteArray(), COORDINATE_BYTES));
    }

    private static byte[] fixedLength(byte[] bigEndian, int length) {
        int start = 0;
        while (start < bigEndian.length - 1 && bigEndian[start] == 0 && bigEndian.length - start > length) {
            start++;
        }
        int significant = bigEndian.length - start;
        if (significant > length) {
            throw new IllegalArgumentException("value longer than " + length + " bytes");
        }
        byte[] out = new byte[length];
        System.arraycopy(bigEndian, start, out, length - significant, significant);
        return out;
    }

    // ---- proof ----

    private static String proof(String[] args) throws UsageException, GeneralSecurityException {
        List<String> positional = new ArrayList<>();
        String nonce = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--nonce")) {
                if (i + 1 == args.length) {
                    throw new UsageException("--nonce needs a value");
                }
                nonce = args[++i];
            } else if (args[i].startsWith("--nonce=")) {
                nonce = args[i].substring("--nonce=".length());
            } else if (args[i].startsWith("--")) {
                throw new UsageException("unknown option " + args[i] + "\n" + USAGE);
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() < 3 || positional.size() > 4) {
            throw new UsageException("proof takes KEY_FILE METHOD URL [ACCESS_TOKEN]\n" + USAGE);
        }
        String method = check(positional.get(1), METHOD, "METHOD is not an HTTP method name");
        String htu = targetUri(positional.get(2));
        String token = positional.size() == 4 ? check(positional.get(3), TOKEN, "ACCESS_TOKEN is not a token") : null;
        if (nonce != null) {
            check(nonce, NONCE, "NONCE has characters a DPoP nonce cannot have");
        }
        ECPrivateKey key = readKey(Path.of(positional.get(0)));
        return signProof(key, publicKey(key), claims(method, htu, token, nonce));
    }

    private static String check(String value, Pattern pattern, String message) throws UsageException {
        if (!pattern.matcher(value).matches()) {
            throw new UsageException(message);
        }
        return value;
    }

    /**
     * The URL without query and fragment (RFC 9449 section 4.2), and without user info: a password typed into the
     * URL must not travel in the proof, and the server's view of the request has none. The rest is kept as written.
     */
    private static String targetUri(String url) throws UsageException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new UsageException("URL is not a valid URI: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.isOpaque()
                || uri.getHost() == null) {
            throw new UsageException("URL must be an absolute http or https URL with a host");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        return scheme + "://" + uri.getHost() + port + path;
    }

    private static String claims(String method, String htu, String token, String nonce)
            throws GeneralSecurityException {
        StringBuilder json = new StringBuilder("{");
        member(json, "jti", string(UUID.randomUUID().toString()));
        member(json, "htm", string(method));
        member(json, "htu", string(htu));
        member(json, "iat", Long.toString(Instant.now().getEpochSecond()));
        if (token != null) {
            member(json, "ath", string(BASE64URL.encodeToString(sha256(token.getBytes(StandardCharsets.US_ASCII)))));
        }
        if (nonce != null) {
            member(json, "nonce", string(nonce));
        }
        return json.append('}').toString();
    }

    private static String signProof(ECPrivateKey key, ECPublicKey publicKey, String claims)
            throws GeneralSecurityException {
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + jwk(publicKey) + "}";
        String signingInput = base64url(header) + "." + base64url(claims);
        byte[] signature = sign(key, signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + BASE64URL.encodeToString(signature);
    }

    /**
     * ES256 in its JOSE form (RFC 7518 section 3.4): R and S, each 32 bytes, big-endian. The JDK's P1363 format is
     * exactly that, so no DER has to be taken apart by hand.
     */
    private static byte[] sign(ECPrivateKey key, byte[] data) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        if (signature.length != 2 * COORDINATE_BYTES) {
            throw new GeneralSecurityException("ES256 signature is not 64 bytes");
        }
        return signature;
    }

    // ---- JSON and encodings ----

    private static void member(StringBuilder json, String name, String value) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append(string(name)).append(':').append(value);
    }

    /** A JSON string (RFC 8259 section 7): quote, backslash and control characters escaped. */
    static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String base64url(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] data) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
