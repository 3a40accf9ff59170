/// A certificate or key file that cannot be used, with the reason and what to do about it.
public struct CertificateFileError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
