import FakeAuth0
import FakeAuth0Server
import Foundation

/// Prints the ready line and writes the ready file once every listener is bound.
struct ReadyAnnouncer: Sendable {
    let host: String
    let fixedDomain: String?
    let readyFile: String?
    let statePath: String?
    let caFile: String?
    /// The control API's token, when it needs one: written to the ready file, which is then private.
    let adminToken: String?

    /// `host:port` as a client reaches it (a wildcard bind is reached on 127.0.0.1).
    private func address(_ port: Int) -> String {
        let reachable = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        return reachable.contains(":") ? "[\(reachable)]:\(port)" : "\(reachable):\(port)"
    }

    func announce(_ ports: BoundPorts) {
        let domain = fixedDomain ?? address(ports.http)
        let httpURL = "http://\(address(ports.http))"
        let httpsURL = ports.https.map { "https://\(address($0))" }
        let httpsDomain = ports.https.map { fixedDomain ?? address($0) }
        let issuer = "https://\(domain)/"
        var lines = "fake-auth0 ready: \(httpURL) (issuer \(issuer))"
        if let httpsURL, let httpsDomain { lines += ", \(httpsURL) (issuer https://\(httpsDomain)/)" }
        lines += "; dashboard \(httpURL)/__admin\n"
        if let caFile, httpsURL != nil { lines += "fake-auth0 ca: \(caFile)\n" }
        FileHandle.standardOutput.write(Data(lines.utf8))
        guard let readyFile else { return }
        var info: [String: JSONValue] = [
            "http_url": .string(httpURL), "port": .int(ports.http), "domain": .string(domain),
            "issuer": .string(issuer), "pid": .int(Int(ProcessInfo.processInfo.processIdentifier)),
            "proxy_url": .string(httpURL),
        ]
        if let statePath { info["state"] = .string(statePath) }
        if let httpsURL, let httpsPort = ports.https, let httpsDomain {
            info["https_url"] = .string(httpsURL)
            info["https_port"] = .int(httpsPort)
            info["https_domain"] = .string(httpsDomain)
            info["https_issuer"] = .string("https://\(httpsDomain)/")
            if let caFile { info["ca_file"] = .string(caFile) }
        }
        if let adminToken { info["admin_token"] = .string(adminToken) }
        let url = URL(fileURLWithPath: readyFile)
        try? Data(JSONValue.object(info).description.utf8).write(to: url, options: .atomic)
        if adminToken != nil {
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: readyFile)
        }
    }
}
