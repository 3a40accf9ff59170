import ArgumentParser
import Testing

@testable import fake_auth0

@Suite("A plain serve command line read without ArgumentParser, as ArgumentParser reads it")
struct PlainServeOptionsTests {
    /// Pieces of command lines: options of every kind, spellings, values in and out of range, and
    /// what ArgumentParser refuses or reads otherwise (unknown, repeated, stray, help).
    static let pieces: [[String]] = [
        ["--port", "0"], ["--port=0"], ["--port", "4010"], ["--port", "+5"], ["--port", "65536"], ["--port", "-1"],
        ["--port", "0x10"], ["--port", " 1"], ["--port"], ["--port="], ["--https-port", "0"], ["--https-port=8443"],
        ["--no-https"], ["--https"], ["--https=true"], ["--ephemeral"], ["--ephemeral", "yes"], ["--ephemeral=1"],
        ["--state", "/tmp/s"], ["--state=s p"], ["--state", "-s"], ["--scenario", "env"], ["--scenario", "serve"],
        ["--scenario", "a.yaml"], ["--scenario=a=b.yaml"], ["--log-level", "warning"], ["--journal-size", "5"],
        ["--journal-size", "-1"], ["--journal-size", "99999999999"], ["--proxy-timeout", "0.5"],
        ["--proxy-timeout", "nan"], ["--proxy-timeout", "1e3"], ["--proxy-timeout", "inf"], ["--admin-token", "short"],
        ["--admin-token", "long enough"], ["--domain", "x.test:8443"], ["--ready-file", "r.json"],
        ["--journal", "j.jsonl"], ["--host", "0.0.0.0"], ["--host", "::1"], ["--bogus", "1"], ["--Port", "1"],
        ["-p", "1"], ["stray"], ["--help"], ["-h"], ["--"], ["help"], ["env"], ["--port", "0", "--port", "1"],
        ["--no-https", "--https-port", "0"], ["--https", "--no-https"], [""],
    ]

    /// ArgumentParser's reading of `arguments`: `serve`'s options, or nil when it refuses them or runs
    /// another command.
    static func parsed(_ arguments: [String]) -> ServeOptions? {
        (try? FakeAuth0Command.parseAsRoot(arguments) as? ServeCommand)?.options
    }

    @Test("every line read without ArgumentParser is read the same by it (one and two pieces, with and without serve)")
    func agreesWithArgumentParser() {
        var read = 0
        for prefix in [[], ["serve"]] {
            for first in Self.pieces {
                for second in [[]] + Self.pieces {
                    let arguments = prefix + first + second
                    guard let plain = PlainServeArguments.options(arguments) else { continue }
                    read += 1
                    #expect(Self.parsed(arguments) == plain, "\(arguments)")
                }
            }
        }
        #expect(read > 500)
    }

    @Test(
        "the command lines the clients and the benchmarks use are read without ArgumentParser",
        arguments: [
            [],
            ["--port", "0", "--https-port", "0", "--state", "/tmp/s", "--log-level", "warning"],
            ["serve", "--port", "0", "--ephemeral", "--ready-file", "/tmp/r.json", "--log-level", "info"],
            ["--port", "0", "--ephemeral", "--scenario", "scenarios/ciba.yaml", "--journal", "/tmp/j.jsonl"],
            ["serve", "--port=0", "--no-https", "--state=/tmp/s", "--journal-size=0", "--proxy-timeout=0.5"],
            ["--host", "0.0.0.0", "--admin-token", "0123456789", "--domain", "tenant.test"],
        ])
    func plainLines(arguments: [String]) throws {
        let plain = try #require(PlainServeArguments.options(arguments))
        #expect(Self.parsed(arguments) == plain)
    }

    @Test("values are read as ArgumentParser's types read them")
    func values() throws {
        let arguments = ["--port", "+5", "--journal-size", "7", "--proxy-timeout", "1e1", "--no-https"]
        let read = try #require(PlainServeArguments.options(arguments))
        #expect(read.port == 5 && read.journalSize == 7 && read.proxyTimeout == 10 && !read.https)
        #expect(read == Self.parsed(arguments))
    }

    @Test(
        "lines ArgumentParser refuses or reads otherwise are left to it",
        arguments: [
            ["--port", "0", "--port", "1"], ["--bogus"], ["--port"], ["--port", "70000"], ["--https=1"], ["--help"],
            ["serve", "--help"], ["--", "--port"], ["env"], ["--state", "-x"],
            ["--admin-token", "short"], ["--no-https", "--https"],
        ])
    func leftToArgumentParser(arguments: [String]) {
        #expect(PlainServeArguments.options(arguments) == nil)
    }
}

@Suite("serve's numbers as it uses them")
struct ServeOptionsNumberTests {
    @Test(
        "the proxy timeout in milliseconds stays in the allowed range whatever the value (no trap)",
        arguments: [
            (0.5, 500), (10, 10_000), (3600, 3_600_000), (0.001, 50), (1e300, 3_600_000), (-5, 50),
            (Double.nan, 10_000), (Double.infinity, 10_000),
        ])
    func proxyTimeout(seconds: Double, milliseconds: Int) {
        var options = ServeOptions()
        options.proxyTimeout = seconds
        #expect(options.proxyTimeoutMilliseconds == milliseconds)
    }
}
