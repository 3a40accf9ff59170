import Foundation

/// Files of the state directory that hold secrets (the signing key, refresh tokens, the CA key): the
/// directory is made 0700 and the files 0600, whatever the umask.
enum PrivateFiles {
    /// Creates `path` as a directory of mode 0700 when it does not exist. An existing directory keeps
    /// its mode (it may be one the user chose, such as the project's own); its secret files are 0600.
    static func directory(_ path: String) throws {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: path) else { return }
        try manager.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: nil)
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
    }

    /// Creates `path` empty with mode 0600 if it does not exist, else sets its mode to 0600.
    static func file(_ path: String) throws {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        } else {
            try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        }
    }
}
