import CryptoExtras
import FakeAuth0
import Foundation
import JWTKit

/// Keys generated once per test process: RSA generation is slow, scenarios pin these instead.
enum TestKeys {
    static let signing: String = try! SigningKeyRing.generatePrivateKeyPEM()
    /// A client's private key for `private_key_jwt`, and its public half for the scenario.
    static let clientPrivate: String = try! SigningKeyRing.generatePrivateKeyPEM()
    static var clientPublic: String {
        try! JWTKit.Insecure.RSA.PrivateKey(pem: clientPrivate).publicKey.pemRepresentation
    }
    static let otherPrivate: String = try! SigningKeyRing.generatePrivateKeyPEM()
}

/// The scenario most tests run against: the default demo tenant plus a few clients for edge cases.
enum TestScenario {
    static let apiAudience = "https://api.example.com/"

    static func make(pinnedKey: Bool = true, configure: (inout Scenario) -> Void = { _ in }) throws -> Scenario {
        var scenario = try ScenarioLoader.defaultScenario()
        if pinnedKey { scenario.tenant.signingKey = TestKeys.signing }
        scenario.clients += [
            ClientConfig(id: "rotating-web", secret: "rotating-secret", type: .regularWeb, refreshTokenRotation: true),
            ClientConfig(id: "jwt-m2m", type: .m2m, publicKeys: [TestKeys.clientPublic]),
            ClientConfig(id: "outsider-m2m", secret: "outsider-secret", type: .m2m),
        ]
        scenario.apis[0].clients += ["jwt-m2m"]
        scenario.refreshTokens += [
            RefreshTokenSeed(
                token: "rotating-rt", client: "rotating-web", user: "auth0|alice",
                scope: "openid profile offline_access"),
            RefreshTokenSeed(
                token: "api-rt", client: "demo-web", user: "auth0|bob", scope: "openid email offline_access read:data",
                audience: apiAudience),
        ]
        configure(&scenario)
        return scenario
    }
}

/// Decodes a JWT's header and payload without verifying it, to assert on the raw JSON a client sees.
func jwtParts(_ token: String) -> (header: [String: JSONValue], payload: [String: JSONValue]) {
    func decode(_ part: Substring) -> [String: JSONValue] {
        var base64 = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64) else { return [:] }
        return (try? JSONDecoder().decode([String: JSONValue].self, from: data)) ?? [:]
    }
    let parts = token.split(separator: ".")
    guard parts.count == 3 else { return ([:], [:]) }
    return (decode(parts[0]), decode(parts[1]))
}
