package io.natscap.sample.console;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.authentication.mechanism.http.FormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The sample's users of natscap's console, logged in with a form (the console's own login page).
 * A real application uses its own identity store (LDAP, a database, OpenID Connect); the console
 * only asks for a user in one of its roles.
 *
 * <p>{@value #USERS} lists {@code name:password:role} entries separated by commas; the default has
 * an operator and a read-only viewer (README). Passwords are never logged.
 */
@FormAuthenticationMechanismDefinition(loginToContinue = @LoginToContinue(
        loginPage = "/natscap/login.html", errorPage = "/natscap/login.html?error", useForwardToLogin = false))
@ApplicationScoped
public class ConsoleUsers implements IdentityStore {

    static final String USERS = "sample.console.users";

    @Inject
    @ConfigProperty(name = USERS, defaultValue = "operator:operator:natscap-operator,viewer:viewer:natscap-viewer")
    String configured;

    private final Map<String, User> users = new HashMap<>();

    private record User(byte[] password, String role) {
    }

    @PostConstruct
    void read() {
        for (String entry : configured.split(",")) {
            String[] parts = entry.trim().split(":", 3);
            if (parts.length != 3 || parts[0].isBlank() || parts[2].isBlank()) {
                throw new IllegalStateException(USERS + " must list name:password:role entries separated by commas; "
                        + "an entry for '" + (parts.length > 0 ? parts[0] : "") + "' is not one");
            }
            users.put(parts[0], new User(parts[1].getBytes(StandardCharsets.UTF_8), parts[2]));
        }
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential login)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        User user = users.get(login.getCaller());
        byte[] given = login.getPasswordAsString().getBytes(StandardCharsets.UTF_8);
        if (user == null || !MessageDigest.isEqual(user.password(), given)) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        return new CredentialValidationResult(login.getCaller(), Set.of(user.role()));
    }
}
