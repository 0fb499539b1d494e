package dev.jwtfilter.demo;

import static dev.jwtfilter.demo.DemoServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.core.StepUp;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.ServletRegistration;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-written {@code /openapi.json} stays true to the code: every operation the demo's Jakarta REST resources
 * and servlets serve is in it and nothing else, with the roles of their {@code @RolesAllowed}, the step-up of their
 * {@code @StepUp}, and a security requirement that matches the filter's public paths (checked by real requests).
 */
class DemoOpenApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Servlets that are not the API: the redirect to the page, the error page, and the docs themselves. */
    private static final Set<String> NOT_API = Set.of("page", "error", "api-docs", "api");
    /** Answered by the JWT filter itself (jwt.resource-metadata), not by a servlet. */
    private static final Map<String, Operation> FILTER_SERVED =
            Map.of("get /.well-known/oauth-protected-resource", new Operation(List.of(), false));

    private static DemoServer demo;
    private static Map<String, Object> document;

    /** What the code says of one operation: the roles it needs and whether it needs a step-up. */
    private record Operation(List<String> roles, boolean stepUp) {}

    @BeforeAll
    static void start() throws Exception {
        demo = new DemoServer(Map.of(
                DemoSettings.DATA, Files.createTempDirectory("jwt-demo-openapi").toString()));
        HttpResponse<String> answer = demo.get("/openapi.json");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        document = json(answer);
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void openApiWhenFetchedWithoutATokenThenAnOpenApi31Document() {
        assertThat(document).containsEntry("openapi", "3.1.0");
    }

    @Test
    void pathsWhenComparedWithTheCodeThenEveryServedOperationDocumentedAndNothingElse() throws Exception {
        assertThat(documented().keySet()).isEqualTo(served().keySet());
    }

    @Test
    void rolesWhenComparedWithTheAnnotationsThenTheSame() throws Exception {
        Map<String, Operation> served = served();
        documented()
                .forEach((operation, doc) -> assertThat(doc.getOrDefault("x-required-roles", List.of()))
                        .as(operation)
                        .isEqualTo(served.get(operation).roles()));
    }

    @Test
    void stepUpWhenAnnotatedThenDocumentedWithItsChallengeAndOnlyThen() throws Exception {
        Map<String, Operation> served = served();
        documented().forEach((operation, doc) -> {
            boolean stepUp = served.get(operation).stepUp();
            assertThat(doc.containsKey("x-step-up")).as(operation).isEqualTo(stepUp);
            Object unauthorized = responses(doc).get("401");
            if (stepUp) {
                assertThat(unauthorized)
                        .as(operation)
                        .isEqualTo(Map.of("$ref", "#/components/responses/StepUpRequired"));
            }
        });
    }

    @Test
    void securityWhenAnOperationNeedsATokenThenDocumented401And403MatchTheFiltersAnswerWithoutOne() throws Exception {
        for (Map.Entry<String, Map<String, Object>> entry : documented().entrySet()) {
            String[] operation = entry.getKey().split(" ", 2);
            Map<String, Object> doc = entry.getValue();
            boolean isPublic = List.of().equals(doc.get("security"));
            HttpResponse<String> anonymous = HTTP.send(
                    HttpRequest.newBuilder(demo.base().resolve(operation[1]))
                            .method(operation[0].toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (isPublic) {
                assertThat(anonymous.statusCode()).as(entry.getKey()).isNotEqualTo(401);
            } else {
                assertThat(anonymous.statusCode()).as(entry.getKey()).isEqualTo(401);
                assertThat(anonymous.headers().allValues("WWW-Authenticate"))
                        .as(entry.getKey())
                        .allSatisfy(challenge -> assertThat(challenge).contains(demo.resourceMetadata()));
                assertThat(responses(doc)).as(entry.getKey()).containsKey("401");
                boolean roles = !((List<?>) doc.getOrDefault("x-required-roles", List.of())).isEmpty();
                assertThat(responses(doc).containsKey("403")).as(entry.getKey()).isEqualTo(roles);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void securitySchemesWhenReadThenPasswordFlowAgainstTheTokenEndpointBearerJwtAndDPoP() throws Exception {
        Map<String, Object> schemes =
                (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("securitySchemes");
        Map<String, Object> password = (Map<String, Object>)
                ((Map<String, Object>) ((Map<String, Object>) schemes.get("password")).get("flows")).get("password");
        Map<String, Object> metadata = json(demo.get("/.well-known/oauth-authorization-server"));

        assertThat(password).containsEntry("tokenUrl", "/auth/login").containsEntry("refreshUrl", "/auth/refresh");
        assertThat(metadata).containsEntry("token_endpoint", demo.issuer() + password.get("tokenUrl"));
        assertThat((Map<String, Object>) schemes.get("bearer"))
                .containsEntry("type", "http")
                .containsEntry("scheme", "bearer")
                .containsEntry("bearerFormat", "JWT");
        assertThat((Map<String, Object>) schemes.get("dpop"))
                .containsEntry("name", "DPoP")
                .hasEntrySatisfying("description", d -> assertThat((String) d).contains("cannot sign proofs"));
    }

    @Test
    void docsWhenFetchedWithoutATokenThenSwaggerUiFilesServedAndAnyOtherName404() throws Exception {
        HttpResponse<String> page = demo.get("/docs/");
        HttpResponse<String> script = demo.get("/docs/docs.js");
        HttpResponse<String> notListed = demo.get("/docs/swagger-ui.js"); // in the jar, but not needed
        HttpResponse<String> redirect = demo.get("/docs");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("SwaggerUIBundle(", "openapi.json");
        assertThat(notListed.statusCode()).isEqualTo(404);
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/docs/"));
    }

    // ---- the document's operations and the code's --------------------------------------------------------------

    /** @return "method path" of every documented operation, with its operation object */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> documented() {
        Map<String, Map<String, Object>> operations = new TreeMap<>();
        ((Map<String, Object>) document.get("paths"))
                .forEach((path, item) -> ((Map<String, Object>) item)
                        .forEach((method, operation) ->
                                operations.put(method + " " + path, (Map<String, Object>) operation)));
        return operations;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> responses(Map<String, Object> operation) {
        return (Map<String, Object>) operation.get("responses");
    }

    /** @return "method path" of every operation the running demo serves, with what its annotations say */
    private static Map<String, Operation> served() throws Exception {
        Map<String, Operation> operations = new TreeMap<>(FILTER_SERVED);
        ServletContainer jersey = (ServletContainer) demo.servlet("api");
        for (Class<?> resource : jersey.getConfiguration().getClasses()) {
            Path path = resource.getAnnotation(Path.class);
            if (path != null) {
                addResource(operations, resource, "/api/" + path.value());
            }
        }
        for (ServletRegistration servlet :
                demo.servletContext().getServletRegistrations().values()) {
            if (servlet.getClassName().startsWith("dev.jwtfilter.demo.") && !NOT_API.contains(servlet.getName())) {
                addServlet(operations, Class.forName(servlet.getClassName()), servlet.getMappings());
            }
        }
        return operations;
    }

    private static void addResource(Map<String, Operation> operations, Class<?> resource, String base) {
        for (Method method : resource.getMethods()) {
            for (Annotation annotation : method.getAnnotations()) {
                HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
                if (http != null) {
                    Path sub = method.getAnnotation(Path.class);
                    String path = sub == null ? base : base + "/" + sub.value().replaceAll("^/", "");
                    operations.put(
                            http.value().toLowerCase(Locale.ROOT) + " " + path,
                            new Operation(
                                    roles(method, resource),
                                    method.isAnnotationPresent(StepUp.class)
                                            || resource.isAnnotationPresent(StepUp.class)));
                }
            }
        }
    }

    private static void addServlet(Map<String, Operation> operations, Class<?> servlet, Iterable<String> mappings) {
        Set<String> methods = new TreeSet<>();
        for (Method method : servlet.getDeclaredMethods()) {
            if (method.getName().matches("do(Get|Post|Put|Delete|Patch)")) {
                methods.add(method.getName().substring(2).toLowerCase(Locale.ROOT));
            }
        }
        for (String mapping : mappings) {
            for (String method : methods) {
                operations.put(
                        method + " " + mapping,
                        new Operation(roles(servlet), servlet.isAnnotationPresent(StepUp.class)));
            }
        }
    }

    /** The roles of the nearest {@code @RolesAllowed} or {@code @PermitAll}, method before class; none: []. */
    private static List<String> roles(AnnotatedElement... nearestFirst) {
        for (AnnotatedElement element : nearestFirst) {
            if (element.isAnnotationPresent(PermitAll.class)) {
                return List.of();
            }
            RolesAllowed roles = element.getAnnotation(RolesAllowed.class);
            if (roles != null) {
                return Arrays.asList(roles.value());
            }
        }
        return List.of();
    }
}
