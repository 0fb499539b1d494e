package dev.jwtfilter.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.jwtfilter.core.AccessRequirement;
import dev.jwtfilter.web.app.AnnotatedServlets;
import dev.jwtfilter.web.internal.ServletAnnotations.ServletRules;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServletAnnotationsTest {
    private static final AccessRequirement ADMIN = AccessRequirement.anyOf(Set.of("admin"));

    @Test
    void ofWhenPatchHandlerAnnotatedThenEnforced() {
        assertThat(ServletRules.of(AnnotatedServlets.Patchable.class).forMethod("PATCH"))
                .isEqualTo(ADMIN);
    }

    @Test
    void ofWhenHelperSharesHandlerNameThenRealHandlerRead() {
        assertThat(ServletRules.of(AnnotatedServlets.Overloaded.class).forMethod("GET"))
                .isEqualTo(ADMIN);
    }

    @Test
    void ofWhenBaseClassPermitsAllThenSubclassHandlerNotOpened() {
        ServletRules rules = ServletRules.of(AnnotatedServlets.Reports.class);

        assertThat(rules.forMethod("GET")).isNull(); // falls to paths and mode
        assertThat(rules.forMethod("POST")).isEqualTo(AccessRequirement.ANONYMOUS); // declared by the base
    }

    @Test
    void ofWhenSubclassPermitsAllThenInheritedAdminHandlerStaysAdmin() {
        assertThat(ServletRules.of(AnnotatedServlets.OpenedAdmin.class).forMethod("GET"))
                .isEqualTo(ADMIN);
    }

    @Test
    void requirementForWhenServletClassCannotBeReflectedThenDeniedToAll() throws Exception {
        String hidden = AnnotatedServlets.OptionalDependency.class.getName();
        URL testClasses =
                AnnotatedServlets.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader withoutOptionalLibrary =
                new URLClassLoader(new URL[] {testClasses}, getClass().getClassLoader()) {
                    @Override
                    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                        if (name.equals(hidden)) {
                            throw new ClassNotFoundException(name);
                        }
                        if (name.startsWith(AnnotatedServlets.class.getName())) {
                            synchronized (getClassLoadingLock(name)) {
                                Class<?> loaded = findLoadedClass(name);
                                return loaded != null ? loaded : findClass(name); // child first: the hiding must apply
                            }
                        }
                        return super.loadClass(name, resolve);
                    }
                }) {
            ServletContext context = mock(ServletContext.class);
            ServletRegistration registration = mock(ServletRegistration.class);
            when(registration.getClassName()).thenReturn(AnnotatedServlets.AdminExport.class.getName());
            when(context.getServletRegistration("export")).thenReturn(registration);
            when(context.getClassLoader()).thenReturn(withoutOptionalLibrary);
            HttpServletMapping mapping = mock(HttpServletMapping.class);
            when(mapping.getServletName()).thenReturn("export");
            HttpServletRequest request = mock(HttpServletRequest.class);
            when(request.getHttpServletMapping()).thenReturn(mapping);
            when(request.getMethod()).thenReturn("GET");

            assertThat(new ServletAnnotations(context).requirementFor(request)).isEqualTo(AccessRequirement.DENY_ALL);
        }
    }
}
