import Foundation

/// Files only the counter's own user may read: written 0600, atomically (temporary file,
/// fsync, rename, fsync of the directory), so a crash leaves either the old or the new file
/// and no other local user ever sees the contents.
public enum PrivateFile {
    /// Why a file could not be written: the path and the system's errno.
    public struct Failure: Error, Equatable, Sendable {
        public let path: String
        public let code: Int32
        /// The errno in Japanese words (`SystemErrorText`).
        public var reason: String { SystemErrorText.reason(code) }
    }

    /// Writes `bytes` to `url` (mode 0600), replacing what was there. Not `durable`, the file
    /// is still replaced atomically but not synced: after a power loss it may hold what it held
    /// before (for a hint that is cheap to lose and written often).
    public static func write(_ bytes: some Collection<UInt8>, to url: URL, durable: Bool = true) throws(Failure) {
        let directory = url.deletingLastPathComponent()
        let temp = directory.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        func fail(_ path: String) -> Failure {
            let code = errno
            unlink(temp.path)
            return Failure(path: path, code: code)
        }
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw Failure(path: temp.path, code: errno) }
        var rest = Array(bytes)[...]
        while !rest.isEmpty {
            let n = rest.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                close(fd)
                throw fail(url.path)
            }
            rest = rest.dropFirst(n)
        }
        // A file left from before with a wider mode is narrowed too.
        guard fchmod(fd, 0o600) == 0, !durable || fsync(fd) == 0 else {
            close(fd)
            throw fail(url.path)
        }
        close(fd)
        guard rename(temp.path, url.path) == 0 else { throw fail(url.path) }
        guard durable else { return }
        let dirFD = open(directory.path, O_RDONLY | O_CLOEXEC)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }
}
