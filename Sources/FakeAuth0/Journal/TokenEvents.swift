import Foundation

/// The token endpoint's journal entries: `token.issued` / `token.refused`, `tokenvault.exchanged` /
/// `tokenvault.refused`; a CIBA poll that is pending or too fast is already `ciba.polled`.
extension Journal {
    func tokenIssued(_ response: TokenResponse, parameters: RequestParameters, client: String) {
        guard isOn else { return }
        let grant = GrantType.journalName(parameters["grant_type"])
        var details: [String: JSONValue] = ["grant": .string(grant)]
        if let scope = response.scope { details["scope"] = .string(scope) }
        if let vault = response.vault {
            details["connection"] = .string(vault.connection)
            details["account"] = .string(vault.account)
            details["subject_token_type"] = .string(vault.subjectTokenType)
            if let asked = parameters["scope"] { details["scope_asked"] = .string(asked) }
            details["upstream_token"] = .string(JournalFingerprint.of(response.accessToken))
            details["expires_in"] = .int(response.expiresIn)
            record("tokenvault.exchanged", client: client, user: response.user, details: details)
            return
        }
        if let audience = response.audience { details["audience"] = .string(audience) }
        details["access_token"] = .string(JournalFingerprint.of(response.accessToken))
        if let idToken = response.idToken { details["id_token"] = .string(JournalFingerprint.of(idToken)) }
        if let refresh = response.refreshToken { details["refresh_token"] = .string(JournalFingerprint.of(refresh)) }
        details["expires_in"] = .int(response.expiresIn)
        record("token.issued", client: client, user: response.user, details: details)
    }

    func tokenRefused(_ error: OAuthError, parameters: RequestParameters, client: String?) {
        guard isOn else { return }
        let grant = GrantType.journalName(parameters["grant_type"])
        if grant == "ciba", ["authorization_pending", "slow_down"].contains(error.code) { return }
        var details: [String: JSONValue] = [
            "grant": .string(grant), "error": .string(error.code), "reason": .string(error.message),
        ]
        if grant == "token_vault" {
            if let connection = parameters["connection"] { details["connection"] = .string(connection) }
            if let type = parameters["subject_token_type"] {
                details["subject_token_type"] = .string(TokenVaultGrant.shortType(type))
            }
            if let asked = parameters["scope"] { details["scope_asked"] = .string(asked) }
            record("tokenvault.refused", client: client, details: details)
            return
        }
        if let audience = parameters["audience"] { details["audience"] = .string(audience) }
        record("token.refused", client: client, details: details)
    }
}

extension GrantType {
    /// The grant's short name in the journal: `client_credentials`, `ciba`, `token_vault`…, or the
    /// text the client sent for an unknown grant.
    static func journalName(_ wire: String?) -> String {
        guard let wire else { return "none" }
        switch GrantType(rawValue: wire) {
        case .ciba: return "ciba"
        case .tokenVault: return "token_vault"
        case .some(let known): return known.rawValue
        case .none: return wire
        }
    }
}
