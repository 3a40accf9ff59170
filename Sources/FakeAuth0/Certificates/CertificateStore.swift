import Foundation

/// Where the local CA and the HTTPS server certificate live: PEM files in the state directory
/// (`ca.pem`, `ca-key.pem`, `server.pem`, `server-key.pem`), or memory only. The CA is created once and
/// reused, so a user trusts it once; the server certificate is re-issued when the names it must carry
/// change or it nears expiry.
///
/// ```swift
/// let credentials = try CertificateStore(directory: ".fake-auth0")
///     .credentials(for: CertificateHost.serverHosts(domain: "tenant.example"))
/// // credentials.caCertificatePath == "/…/.fake-auth0/ca.pem"
/// ```
public struct CertificateStore: Sendable {
    /// The directory holding the files; nil keeps everything in memory (a new CA per call).
    public let directory: String?

    /// A store in `directory`, created when first written.
    public init(directory: String) {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL.path
    }

    private init() { self.directory = nil }

    /// A store that writes nothing: each call makes a fresh CA.
    public static let inMemory = CertificateStore()

    /// The absolute path of the CA certificate clients trust, `{directory}/ca.pem`; nil in memory.
    public var caCertificatePath: String? { path("ca.pem") }

    /// The CA certificate (PEM), creating the CA when there is none yet.
    public func caCertificatePEM(now: Date = Date()) throws -> String {
        try authority(now: now).certificatePEM
    }

    /// The CA and a server certificate naming exactly `hosts`: the stored one when it still fits, else a
    /// new one signed by the same CA.
    public func credentials(for hosts: Set<CertificateHost>, now: Date = Date()) throws -> TLSCredentials {
        let authority = try authority(now: now)
        let server = try serverCertificate(for: hosts, authority: authority, now: now)
        return TLSCredentials(
            caCertificatePEM: try authority.certificatePEM, serverCertificatePEM: try server.certificatePEM,
            serverPrivateKeyPEM: server.privateKeyPEM, caCertificatePath: caCertificatePath,
            hostIssuer: HostCertificateIssuer(authority: authority))
    }

    func authority(now: Date) throws -> LocalCertificateAuthority {
        guard let certificatePath = path("ca.pem"), let keyPath = path("ca-key.pem") else {
            return try .generate(now: now)
        }
        if let certificatePEM = try PEMFile.read(certificatePath), let keyPEM = try PEMFile.read(keyPath) {
            let stored: LocalCertificateAuthority
            do {
                stored = try LocalCertificateAuthority(certificatePEM: certificatePEM, privateKeyPEM: keyPEM)
            } catch {
                throw CertificateFileError(
                    "\(certificatePath): not a usable CA certificate and key (\(error)); delete ca.pem and ca-key.pem to create a new CA"
                )
            }
            if stored.isValid(at: now, margin: ServerCertificate.renewalMargin) { return stored }
        }
        let created = try LocalCertificateAuthority.generate(now: now)
        try createDirectory()
        try PEMFile.write(created.privateKeyPEM, to: keyPath, isPrivate: true)
        try PEMFile.write(try created.certificatePEM, to: certificatePath, isPrivate: false)
        return created
    }

    func serverCertificate(for hosts: Set<CertificateHost>, authority: LocalCertificateAuthority, now: Date) throws
        -> ServerCertificate
    {
        let certificatePath = path("server.pem")
        let keyPath = path("server-key.pem")
        if let certificatePath, let keyPath, let certificatePEM = try PEMFile.read(certificatePath),
            let keyPEM = try PEMFile.read(keyPath),
            let stored = try? ServerCertificate(certificatePEM: certificatePEM, privateKeyPEM: keyPEM),
            stored.fits(hosts: hosts, authority: authority, now: now)
        {
            return stored
        }
        let issued = try authority.issueServerCertificate(hosts: hosts, now: now, validity: ServerCertificate.validity)
        if let certificatePath, let keyPath {
            try createDirectory()
            try PEMFile.write(issued.privateKeyPEM, to: keyPath, isPrivate: true)
            try PEMFile.write(try issued.certificatePEM, to: certificatePath, isPrivate: false)
        }
        return issued
    }

    private func path(_ file: String) -> String? {
        directory.map { URL(fileURLWithPath: $0, isDirectory: true).appendingPathComponent(file).path }
    }

    private func createDirectory() throws {
        if let directory {
            try PrivateFiles.directory(directory)
        }
    }
}
