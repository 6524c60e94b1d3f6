/// A strict reader for ustar and GNU tar archives held in memory.
///
/// 512-byte headers with octal sizes and a checked checksum; GNU long names (`L`) and pax `path`
/// records (`x`) are honoured. Every offset is bounds-checked: a truncated or corrupted archive is a
/// `corruptArchive` error naming the archive and the entry, never a crash.
struct TarArchive {
    /// One regular file in the archive.
    struct Entry {
        let name: String
        let offset: Int
        let size: Int
    }

    private static let block = 512

    /// The archive's name, for errors.
    let name: String
    /// The archive's bytes.
    let bytes: [UInt8]
    /// The regular files, by path (a later entry with the same path replaces an earlier one, as tar does).
    private(set) var entries: [String: Entry] = [:]
    /// The directories named in the archive.
    private(set) var directories: Set<String> = []

    /// Parses the headers of the tar archive `bytes`; `name` names it in errors.
    init(bytes: [UInt8], name: String) throws {
        self.name = name
        self.bytes = bytes
        var offset = 0
        var pendingName: String?
        var previous: String?
        while true {
            guard offset + Self.block <= bytes.count else {
                throw corrupt(after: previous, offset == bytes.count
                    ? "the archive ends without its end-of-archive marker (truncated?)"
                    : "the archive ends inside a header at byte \(offset) (truncated?)")
            }
            let header = bytes[offset..<offset + Self.block]
            if header.allSatisfy({ $0 == 0 }) { break }
            try checkChecksum(header, at: offset, after: previous)
            let isGNU = field(header, 257, 8) == Array("ustar  \0".utf8)
            var path = string(header, 0, 100)
            let prefix = isGNU ? "" : string(header, 345, 155)
            if !prefix.isEmpty { path = prefix + "/" + path }
            if let pendingName { path = pendingName }
            pendingName = nil
            let size = try octal(header, 124, 12, entry: path)
            let dataStart = offset + Self.block
            guard size <= bytes.count - dataStart else {
                throw DatasetError.corruptArchive(archive: name, entry: path, problem:
                    "the entry declares \(size) bytes but the archive ends after \(bytes.count - dataStart) (truncated?)")
            }
            let type = header[header.startIndex + 156]
            switch type {
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
                entries[path] = Entry(name: path, offset: dataStart, size: size)
            case UInt8(ascii: "5"):
                directories.insert(path.hasSuffix("/") ? String(path.dropLast()) : path)
            case UInt8(ascii: "L"):
                pendingName = String(decoding: bytes[dataStart..<dataStart + size].prefix { $0 != 0 }, as: UTF8.self)
            case UInt8(ascii: "x"):
                pendingName = try paxPath(bytes[dataStart..<dataStart + size], entry: path)
            default:
                break  // links, devices, global pax headers: nothing a dataset loader reads
            }
            previous = path
            offset = dataStart + (size + Self.block - 1) / Self.block * Self.block
        }
    }

    /// The bytes of the regular file at `path`, or nil when the archive has no such file.
    func contents(of path: String) -> ArraySlice<UInt8>? {
        guard let entry = entries[path] else { return nil }
        return bytes[entry.offset..<entry.offset + entry.size]
    }

    // MARK: - Header fields

    private func field(_ header: ArraySlice<UInt8>, _ start: Int, _ length: Int) -> [UInt8] {
        Array(header[header.startIndex + start..<header.startIndex + start + length])
    }

    private func string(_ header: ArraySlice<UInt8>, _ start: Int, _ length: Int) -> String {
        String(decoding: field(header, start, length).prefix { $0 != 0 }, as: UTF8.self)
    }

    private func octal(_ header: ArraySlice<UInt8>, _ start: Int, _ length: Int, entry: String) throws -> Int {
        let raw = field(header, start, length)
        if let first = raw.first, first & 0x80 != 0 {
            throw DatasetError.corruptArchive(archive: name, entry: entry, problem:
                "a base-256 size field (files over 8 GiB) is not supported")
        }
        let digits = raw.prefix { $0 != 0 && $0 != 0x20 }.drop { $0 == 0x20 }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "7"), value < Int.max >> 4 else {
                let text = String(decoding: raw.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
                throw DatasetError.corruptArchive(archive: name, entry: entry, problem:
                    "the header field at offset \(start) is not an octal number: \"\(text)\"")
            }
            value = value * 8 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }

    private func checkChecksum(_ header: ArraySlice<UInt8>, at offset: Int, after previous: String?) throws {
        let entry = string(header, 0, 100)
        let stored = try octal(header, 148, 8, entry: entry)
        var sum = 0
        for (index, byte) in header.enumerated() {
            sum += (148..<156).contains(index) ? 0x20 : Int(byte)
        }
        guard sum == stored else {
            throw corrupt(after: previous, "the header at byte \(offset) (\"\(entry)\") fails its checksum "
                + "(stored \(stored), computed \(sum))")
        }
    }

    private func paxPath(_ records: ArraySlice<UInt8>, entry: String) throws -> String? {
        // Each record is "<length> <key>=<value>\n".
        var rest = records[...]
        while !rest.isEmpty {
            guard let space = rest.firstIndex(of: 0x20),
                  let length = Int(String(decoding: rest[rest.startIndex..<space], as: UTF8.self)),
                  length > space - rest.startIndex + 1, length <= rest.count else {
                throw DatasetError.corruptArchive(archive: name, entry: entry, problem: "a malformed pax header record")
            }
            let record = String(decoding: rest[(space + 1)..<(rest.startIndex + length - 1)], as: UTF8.self)
            if record.hasPrefix("path=") { return String(record.dropFirst(5)) }
            rest = rest[(rest.startIndex + length)...]
        }
        return nil
    }

    private func corrupt(after previous: String?, _ problem: String) -> DatasetError {
        .corruptArchive(archive: name, entry: previous, problem: problem + (previous == nil ? "" : ", just after this entry"))
    }
}
