package io.natscap.console;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A console resource: {@link ConsoleGuard} checks every request to it. Bound by name, so that the
 * guard applies wherever Jakarta REST serves these resources (also under an application's own
 * {@code Application} that serves every resource it finds) and never to the application's own.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Guarded {
}
