/// What the HTTPS listener serves and what clients trust: the local CA's certificate and the server
/// certificate with its key, all PEM.
public struct TLSCredentials: Sendable {
    /// The CA certificate clients trust (never its key).
    public var caCertificatePEM: String
    /// The server certificate the CA signed.
    public var serverCertificatePEM: String
    /// The server certificate's private key (PKCS #8).
    public var serverPrivateKeyPEM: String
    /// An absolute path to a file holding `caCertificatePEM`, for `SSL_CERT_FILE` and friends; nil when
    /// the CA lives only in memory and nobody wrote it out.
    public var caCertificatePath: String?
    /// Issues certificates for other hosts with the same CA (the proxy's tunnels); nil when the CA's
    /// key is not at hand.
    public var hostIssuer: HostCertificateIssuer?

    public init(
        caCertificatePEM: String, serverCertificatePEM: String, serverPrivateKeyPEM: String,
        caCertificatePath: String? = nil, hostIssuer: HostCertificateIssuer? = nil
    ) {
        self.caCertificatePEM = caCertificatePEM
        self.serverCertificatePEM = serverCertificatePEM
        self.serverPrivateKeyPEM = serverPrivateKeyPEM
        self.caCertificatePath = caCertificatePath
        self.hostIssuer = hostIssuer
    }
}
