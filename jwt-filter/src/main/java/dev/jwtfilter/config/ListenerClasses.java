package dev.jwtfilter.config;

import dev.jwtfilter.event.AuthEventListener;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * Instantiates the {@link AuthEventListener} classes named in {@link JwtConfigParams#EVENTS_LISTENER}, through
 * the web application's class loader. Every class that cannot be used is reported at once, so start-up fails
 * closed with a message naming each.
 */
final class ListenerClasses {
    private ListenerClasses() {}

    /** @throws IllegalArgumentException naming every class that is missing, of the wrong type or not constructible */
    static List<AuthEventListener> instantiate(List<String> classNames) {
        List<AuthEventListener> listeners = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : classNames) {
            try {
                listeners.add(instantiate(name));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                problems.add(name + " (" + why(e) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("cannot use " + String.join(", ", problems));
        }
        return listeners;
    }

    private static AuthEventListener instantiate(String name) throws ReflectiveOperationException {
        Class<?> type = Class.forName(name, true, classLoader());
        if (!AuthEventListener.class.isAssignableFrom(type)) {
            throw new ClassCastException("not an " + AuthEventListener.class.getName());
        }
        return (AuthEventListener) type.getConstructor().newInstance();
    }

    private static String why(Throwable e) {
        if (e instanceof ClassNotFoundException || e instanceof NoClassDefFoundError) {
            return "class not found";
        }
        if (e instanceof NoSuchMethodException
                || e instanceof IllegalAccessException
                || e instanceof InstantiationException) {
            return "needs a public no-argument constructor";
        }
        if (e instanceof InvocationTargetException invocation && invocation.getCause() != null) {
            return "its constructor threw " + invocation.getCause().getClass().getName();
        }
        return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ListenerClasses.class.getClassLoader();
    }
}
