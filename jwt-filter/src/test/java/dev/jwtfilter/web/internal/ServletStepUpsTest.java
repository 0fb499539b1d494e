package dev.jwtfilter.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

/** How {@link ServletStepUps} treats servlets whose class the application cannot see or cannot link. */
class ServletStepUpsTest {

    @Test
    void requirementForWhenServletClassIsTheContainersOwnThenNoRequirement() {
        // A container's default or JSP servlet, hidden from the application's loaders: not refused (its static
        // files stay served, also with jwt.annotations=false), as it cannot carry the application's @StepUp.
        ServletStepUps stepUps =
                new ServletStepUps(contextWith("default", "org.example.container.HiddenDefaultServlet"));

        assertThat(stepUps.requirementFor(request("default"))).isEqualTo(ServletStepUps.Found.NONE);
    }

    @Test
    void requirementForWhenServletClassHasNoRegistrationClassThenNoRequirement() {
        ServletStepUps stepUps = new ServletStepUps(contextWith("lambda", null));

        assertThat(stepUps.requirementFor(request("lambda"))).isEqualTo(ServletStepUps.Found.NONE);
    }

    private static ServletContext contextWith(String servletName, String className) {
        ServletContext context = mock(ServletContext.class);
        ServletRegistration registration = mock(ServletRegistration.class);
        when(registration.getClassName()).thenReturn(className);
        when(context.getServletRegistration(servletName)).thenReturn(registration);
        when(context.getClassLoader()).thenReturn(ServletStepUpsTest.class.getClassLoader());
        return context;
    }

    private static HttpServletRequest request(String servletName) {
        HttpServletMapping mapping = mock(HttpServletMapping.class);
        when(mapping.getServletName()).thenReturn(servletName);
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getHttpServletMapping()).thenReturn(mapping);
        when(request.getMethod()).thenReturn("GET");
        return request;
    }
}
