import FakeAuth0Server
import Testing

@Suite("Which --host values are loopback (no admin token, no warning)")
struct LoopbackHostTests {
    @Test(
        "loopback names and addresses, in brackets or not, in any case",
        arguments: ["localhost", "LocalHost", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "[127.0.0.1]", "[[::1]]"])
    func loopback(host: String) {
        #expect(ServerConfiguration.isLoopback(host))
    }

    @Test(
        "everything else",
        arguments: ["0.0.0.0", "::", "[::]", "", "[]", "example.com", "localhost.example.com", "128.0.0.1", "[::1]x"])
    func notLoopback(host: String) {
        #expect(!ServerConfiguration.isLoopback(host))
    }
}
