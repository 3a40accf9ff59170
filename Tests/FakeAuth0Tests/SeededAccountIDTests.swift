import Testing

@testable import FakeAuth0

@Suite("seeded vault account ids")
struct SeededAccountIDTests {
    /// The ids existing state files hold: `cac_` and the first 20 characters of the base64url SHA-256
    /// of `user|connection|index` (computed here with Python's hashlib).
    @Test(
        "a seeded account's id is the one earlier versions stored, so a restart finds its row",
        arguments: [
            ("auth0|alice", "google-oauth2", 0, "cac_6yKupLzDLUkPSYPK6Vtp"),
            ("auth0|user00001", "google-oauth2", 3, "cac_G_DslcbTpkZbc63xkpLu"),
        ])
    func stableID(user: String, connection: String, index: Int, expected: String) {
        #expect(UpstreamTokens.seededAccountID(user: user, connection: connection, index: index) == expected)
    }
}
