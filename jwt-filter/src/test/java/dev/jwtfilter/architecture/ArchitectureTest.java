package dev.jwtfilter.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the library, kept one way (docs/architecture.md draws it): no cycle between packages, no
 * {@code jakarta.*} import outside the servlet edge ({@code web}, {@code mechanism}), and each package depending
 * only on the packages listed for it below. The rules are also run against small fixtures with a cycle and a
 * servlet import, so that a rule which stopped detecting anything would fail here too.
 */
class ArchitectureTest {
    private static final String ROOT = "dev.jwtfilter";
    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(ROOT + ".architecture.fixture");

    static ArchRule noCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    static ArchRule servletOnlyAtTheEdge(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + "..")
                .and()
                .resideOutsideOfPackages(root + ".web..", root + ".mechanism..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta..", "javax.servlet..")
                .because("the core, the verifier and the configuration must work without a servlet container");
    }

    /** The allowed dependencies of each package, the graph of docs/architecture.md. */
    static ArchRule layers() {
        return layeredArchitecture()
                .consideringOnlyDependenciesInAnyPackage(ROOT + "..")
                .layer("internal")
                .definedBy(ROOT + ".internal..")
                .layer("error")
                .definedBy(ROOT + ".error..")
                .layer("event")
                .definedBy(ROOT + ".event..")
                .layer("keys")
                .definedBy(ROOT + ".keys..")
                .layer("verify")
                .definedBy(ROOT + ".verify..")
                .layer("principal")
                .definedBy(ROOT + ".principal..")
                .layer("revoke")
                .definedBy(ROOT + ".revoke..")
                .layer("config")
                .definedBy(ROOT + ".config..")
                .layer("issue")
                .definedBy(ROOT + ".issue..")
                .layer("refresh")
                .definedBy(ROOT + ".refresh..")
                .layer("proof")
                .definedBy(ROOT + ".proof..")
                .layer("core")
                .definedBy(ROOT + ".core..")
                .layer("web")
                .definedBy(ROOT + ".web..")
                .layer("mechanism")
                .definedBy(ROOT + ".mechanism..")
                .whereLayer("internal")
                .mayNotAccessAnyLayer()
                .whereLayer("error")
                .mayNotAccessAnyLayer()
                .whereLayer("event")
                .mayOnlyAccessLayers("internal")
                .whereLayer("keys")
                .mayOnlyAccessLayers("internal")
                .whereLayer("verify")
                .mayOnlyAccessLayers("keys", "event", "internal")
                .whereLayer("principal")
                .mayOnlyAccessLayers("verify")
                .whereLayer("revoke")
                .mayOnlyAccessLayers("verify", "internal")
                .whereLayer("config")
                .mayOnlyAccessLayers("verify", "keys", "revoke", "event", "proof", "internal")
                .whereLayer("issue")
                .mayOnlyAccessLayers("config", "verify", "keys", "internal")
                .whereLayer("refresh")
                .mayOnlyAccessLayers("internal")
                .whereLayer("proof")
                .mayOnlyAccessLayers("verify", "keys", "internal")
                .whereLayer("core")
                .mayOnlyAccessLayers(
                        "config", "verify", "principal", "revoke", "keys", "event", "error", "proof", "internal")
                .whereLayer("web")
                .mayOnlyAccessLayers(
                        "core",
                        "config",
                        "verify",
                        "principal",
                        "revoke",
                        "keys",
                        "event",
                        "error",
                        "issue",
                        "proof",
                        "internal")
                .whereLayer("mechanism")
                .mayOnlyAccessLayers("web", "core", "config", "principal", "error");
    }

    @Test
    void packagesWhenImportedThenFreeOfCycles() {
        noCycles(ROOT).check(LIBRARY);
    }

    @Test
    void packagesWhenOutsideTheServletEdgeThenNoJakartaImport() {
        servletOnlyAtTheEdge(ROOT).check(LIBRARY);
    }

    @Test
    void packagesWhenImportedThenEachDependsOnlyOnItsListedPackages() {
        layers().check(LIBRARY);
    }

    @Test
    void rulesWhenAFixtureHasACycleOrAServletImportThenTheyFail() {
        String fixtures = ROOT + ".architecture.fixture";
        assertThatThrownBy(() -> noCycles(fixtures + ".cycle").check(FIXTURES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected");
        assertThatThrownBy(() -> servletOnlyAtTheEdge(fixtures).check(FIXTURES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("jakarta.servlet.http.HttpServletRequest");
    }
}
