import Foundation
import JWTKit
import Synchronization

/// Credentials a request presented in its `Authorization: Basic` header.
public struct BasicCredentials: Sendable, Equatable {
    public var clientID: String
    public var secret: String
    public init(clientID: String, secret: String) {
        self.clientID = clientID
        self.secret = secret
    }
}

/// Identifies and authenticates the client of a token or back-channel request:
/// `client_secret_basic`, `client_secret_post`, `private_key_jwt`, or none for public clients.
final class ClientAuthenticator: Sendable {
    static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// The scenario's clients and the dynamically registered ones.
    let clients: ClientDirectory
    let clientKeys: [String: JWTKeyCollection]
    let clock: TenantClock
    /// Assertion `jti`s already used, with their expiry, so an assertion cannot be replayed.
    let usedAssertionIDs = Mutex<[String: Int]>([:])

    init(clients: ClientDirectory, clock: TenantClock) async throws {
        self.clients = clients
        self.clock = clock
        var keys: [String: JWTKeyCollection] = [:]
        for client in clients.scenario.values where !client.publicKeys.isEmpty {
            let collection = JWTKeyCollection()
            for pem in client.publicKeys {
                await collection.add(rsa: try JWTKit.Insecure.RSA.PublicKey(pem: pem), digestAlgorithm: .sha256)
            }
            keys[client.id] = collection
        }
        self.clientKeys = keys
    }

    /// The authenticated client. A public client (spa) may present its id alone.
    func authenticate(
        _ parameters: RequestParameters, basic: BasicCredentials?, issuer: Issuer
    ) async throws(OAuthError) -> ClientConfig {
        if let assertion = parameters["client_assertion"] {
            return try await authenticateAssertion(assertion, parameters: parameters, issuer: issuer)
        }
        if let basic {
            if let bodyID = parameters["client_id"], bodyID != basic.clientID {
                throw .invalidRequest("client_id in the body does not match the Authorization header")
            }
            let client = try known(basic.clientID)
            try checkSecret(basic.secret, of: client)
            return client
        }
        let client = try known(try parameters.required("client_id"))
        if let secret = parameters["client_secret"] {
            try checkSecret(secret, of: client)
            return client
        }
        guard !client.type.isConfidential else {
            throw .invalidClient("Client authentication is required for confidential clients.")
        }
        return client
    }

    private func known(_ id: String) throws(OAuthError) -> ClientConfig {
        guard let client = try clients.client(id) else { throw .invalidClient("Unknown client: \(id)") }
        return client
    }

    /// Compares the secret as presented (already decoded once, as its encoding requires) with the
    /// client's, in constant time.
    private func checkSecret(_ presented: String, of client: ClientConfig) throws(OAuthError) {
        guard let secret = client.secret else {
            throw .invalidClient("The client has no secret: use private_key_jwt.")
        }
        guard SecretComparison.matches(presented, secret) else { throw .invalidClient("Client authentication failed.") }
    }

    private func authenticateAssertion(
        _ assertion: String, parameters: RequestParameters, issuer: Issuer
    ) async throws(OAuthError) -> ClientConfig {
        guard parameters["client_assertion_type"] == Self.assertionType else {
            throw .invalidRequest("client_assertion_type must be \(Self.assertionType)")
        }
        let unverified: ClaimSet
        do {
            unverified = try await JWTKeyCollection().unverified(assertion, as: ClaimSet.self)
        } catch {
            throw .invalidClient("client_assertion is not a valid JWT.")
        }
        guard let clientID = unverified.issuer else { throw .invalidClient("client_assertion has no iss claim.") }
        if let bodyID = parameters["client_id"], bodyID != clientID {
            throw .invalidClient("client_assertion iss does not match client_id.")
        }
        let client = try known(clientID)
        guard let keys = clientKeys[clientID] else {
            throw .invalidClient("The client has no public key registered for private_key_jwt.")
        }
        guard JOSEHeader(token: assertion)?.alg == "RS256" else {
            throw .invalidClient("client_assertion must be signed with RS256.")
        }
        let claims: ClaimSet
        do {
            claims = try await keys.verify(assertion, as: ClaimSet.self, iteratingKeys: true)
        } catch {
            throw .invalidClient("client_assertion signature is invalid.")
        }
        guard claims.subject == clientID else { throw .invalidClient("client_assertion sub must equal iss.") }
        let acceptedAudiences = [issuer.url, issuer.url + "oauth/token"]
        guard claims.audiences.contains(where: acceptedAudiences.contains) else {
            throw .invalidClient("client_assertion aud must be \(issuer.url)")
        }
        let now = clock.nowSeconds()
        guard let exp = claims.expiresAt, exp > now else { throw .invalidClient("client_assertion has expired.") }
        // iat and nbf, when present, must be whole seconds no later than now (a minute of clock skew).
        for name in ["iat", "nbf"] {
            guard let value = claims[name] else { continue }
            guard let seconds = value.intValue, seconds <= now + 60 else {
                throw .invalidClient("client_assertion \(name) is not a time in the past.")
            }
        }
        if let jti = claims["jti"]?.stringValue {
            let replayed = usedAssertionIDs.withLock { used -> Bool in
                used = used.filter { $0.value > now }
                return used.updateValue(exp, forKey: jti) != nil
            }
            if replayed { throw .invalidClient("client_assertion jti has already been used.") }
        }
        return client
    }
}
