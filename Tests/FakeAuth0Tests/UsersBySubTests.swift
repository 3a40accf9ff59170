import Testing

@testable import FakeAuth0

@Suite("users by sub")
struct UsersBySubTests {
    @Test("a sub finds its user (the first when a sub is repeated); an unknown one finds none")
    func lookup() {
        let alice = UserConfig(sub: "auth0|alice", email: "alice@example.com")
        let second = UserConfig(sub: "auth0|alice", email: "second@example.com")
        let users = UsersBySub([alice, UserConfig(sub: "auth0|bob"), second])
        #expect(users["auth0|alice"]?.email == "alice@example.com")
        #expect(users["auth0|bob"]?.sub == "auth0|bob")
        #expect(users["auth0|carol"] == nil)
        #expect(Set(users.subs) == ["auth0|alice", "auth0|bob"])
    }
}
