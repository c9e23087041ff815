#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The POSIX calls the journal's durability rests on: whole writes, fsync, flock, and
/// directories made durable as they are created.
enum JournalIO {
    /// A failed system call: what was attempted, on which path, and errno.
    static func Failure(operation: String, path: String, code: Int32) -> JournalError {
        .io(operation: operation, path: path, code: code)
    }

    /// Opens `path` for appending, creating it if needed. Returns the descriptor and whether
    /// this call created the file (then the directory must be synced).
    static func openForAppend(_ path: String) throws -> (fd: Int32, created: Bool) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd >= 0 { return (fd, true) }
        guard errno == EEXIST else { throw Failure(operation: "open", path: path, code: errno) }
        let existing = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard existing >= 0 else { throw Failure(operation: "open", path: path, code: errno) }
        return (existing, false)
    }

    /// Writes every byte, retrying on EINTR and continuing after short writes.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var written = 0
        let result: Int32 = bytes.withUnsafeBytes { raw -> Int32 in
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EIO }
                written += n
            }
            return 0
        }
        if result != 0 { throw Failure(operation: "write", path: path, code: result) }
    }

    static func sync(_ fd: Int32, path: String) throws {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw Failure(operation: "fsync", path: path, code: errno)
        }
    }

    /// Makes a directory entry (a new file, a rename) durable.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(operation: "open", path: path, code: errno) }
        defer { close(fd) }
        try sync(fd, path: path)
    }

    static func lock(_ fd: Int32, path: String) throws {
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw Failure(operation: "flock", path: path, code: errno)
        }
    }

    static func unlock(_ fd: Int32) {
        _ = flock(fd, LOCK_UN)
    }

    static func size(_ fd: Int32, path: String) throws -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure(operation: "fstat", path: path, code: errno) }
        return Int(st.st_size)
    }

    static func truncate(_ fd: Int32, to length: Int, path: String) throws {
        while ftruncate(fd, off_t(length)) != 0 {
            if errno == EINTR { continue }
            throw Failure(operation: "ftruncate", path: path, code: errno)
        }
    }

    /// A read-only descriptor for `path` (the caller closes it).
    private static func openForReading(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(operation: "open", path: path, code: errno) }
        return fd
    }

    /// One `read`/`pread` of `path`, again when a signal interrupted it: the bytes read (0 at
    /// the end of the file).
    private static func retryingRead(_ path: String, _ call: () -> Int) throws -> Int {
        while true {
            let n = call()
            if n >= 0 { return n }
            if errno != EINTR { throw Failure(operation: "read", path: path, code: errno) }
        }
    }

    /// The whole file (read with its own descriptor; the append descriptor is write-only).
    static func readAll(_ path: String) throws -> [UInt8] {
        let fd = try openForReading(path)
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure(operation: "fstat", path: path, code: errno) }
        // One spare byte: a file that grew since fstat is noticed without doubling the buffer.
        var bytes = [UInt8](repeating: 0, count: Int(st.st_size) + 1)
        var total = 0
        while true {
            if total == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: 65_536)) }
            let n = try retryingRead(path) { bytes.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress! + total, raw.count - total) } }
            if n == 0 { break }
            total += n
        }
        bytes.removeSubrange(total...)
        return bytes
    }

    /// Calls `body` with the file at `path` in blocks of whole lines (each ending in a newline,
    /// but at the end of the file), the file offset of each block and whether it is the last,
    /// reading `chunk` bytes at a time (a longer line grows the buffer to hold it). Returns the
    /// bytes read.
    @discardableResult
    static func forEachBlock(_ path: String, chunk: Int = 1 << 20,
                             _ body: (UnsafeBufferPointer<UInt8>, Int, Bool) throws -> Void) throws -> Int {
        let fd = try openForReading(path)
        defer { close(fd) }
        var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(chunk, 1))
        defer { buffer.deallocate() }
        var filled = 0       // bytes in the buffer
        var base = 0         // file offset of buffer[0]
        var eof = false
        while !eof {
            if filled == buffer.count {
                // One line fills the buffer: make room for more of it.
                let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
                _ = larger.initialize(from: buffer)
                buffer.deallocate()
                buffer = larger
            }
            let n = try retryingRead(path) { read(fd, buffer.baseAddress! + filled, buffer.count - filled) }
            if n == 0 { eof = true } else { filled += n }
            // The whole lines in the buffer (everything, at the end of the file).
            var end = filled
            if !eof {
                var last = filled
                while last > 0, buffer[last - 1] != 0x0A { last -= 1 }
                end = last
            }
            if end > 0 {
                try body(UnsafeBufferPointer(rebasing: UnsafeBufferPointer(buffer)[0..<end]), base, eof)
                let rest = filled - end
                if rest > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + end, rest) }
                filled = rest
                base += end
            }
        }
        return base + filled
    }

    /// `length` bytes of the file at `path` from `offset` (fewer at its end).
    static func readRange(_ path: String, offset: Int, length: Int) throws -> [UInt8] {
        let fd = try openForReading(path)
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: length)
        var total = 0
        while total < length {
            let n = try retryingRead(path) { bytes.withUnsafeMutableBytes { raw in pread(fd, raw.baseAddress! + total, length - total, off_t(offset + total)) } }
            if n == 0 { break }
            total += n
        }
        bytes.removeSubrange(total...)
        return bytes
    }

    /// Creates `path` and any missing parents, syncing each parent that gained an entry.
    static func makeDirectories(_ path: String, permissions: mode_t = 0o755) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue { return }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path { try makeDirectories(parent, permissions: permissions) }
        if mkdir(path, permissions) != 0 {
            if errno == EEXIST { return }
            throw Failure(operation: "mkdir", path: path, code: errno)
        }
        try syncDirectory(parent.isEmpty ? "." : parent)
    }

    /// Writes a new file completely and durably (used for the copy of a torn tail).
    static func writeNewFile(_ path: String, _ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(operation: "open", path: path, code: errno) }
        defer { close(fd) }
        try writeAll(fd, bytes, path: path)
        try sync(fd, path: path)
        try syncDirectory((path as NSString).deletingLastPathComponent)
    }
}
