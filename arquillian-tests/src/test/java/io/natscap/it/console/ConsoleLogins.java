package io.natscap.it.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.FormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

import java.util.Map;
import java.util.Set;

/** The test's users, logged in with the console's own form: an operator, a viewer, and a user with neither role. */
@FormAuthenticationMechanismDefinition(loginToContinue = @LoginToContinue(
        loginPage = "/natscap/login.html", errorPage = "/natscap/login.html?error", useForwardToLogin = false))
@ApplicationScoped
public class ConsoleLogins implements IdentityStore {

    static final String PASSWORD_SUFFIX = "-password";

    private static final Map<String, String> ROLES = Map.of(
            "operator", "natscap-operator",
            "viewer", "natscap-viewer",
            "outsider", "accounting");

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (credential instanceof UsernamePasswordCredential login && ROLES.containsKey(login.getCaller())
                && login.getPasswordAsString().equals(login.getCaller() + PASSWORD_SUFFIX)) {
            return new CredentialValidationResult(login.getCaller(), Set.of(ROLES.get(login.getCaller())));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }
}
