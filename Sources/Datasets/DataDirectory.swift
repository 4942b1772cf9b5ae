import Foundation
import LLMBenchCore

/// Where the shipped datasets are, and how that place was found.
///
/// Search order (the first that applies wins; the README's "Where llmbench finds these files"):
/// 1. `--data-dir DIR`; 2. `$LLMBENCH_DATA_DIR`; 3. `./datasets` if it holds `summarization.jsonl`;
/// 4. walking up from the executable's directory (symlinks resolved), the first `datasets/`
///    holding `summarization.jsonl`; 5. `<bin>/../share/llmbench/datasets` beside the executable's
///    folder (where `make install PREFIX=…` puts the data); 6. `/usr/local/share/llmbench/datasets`.
/// A directory named by 1 or 2 must exist (exit 66 otherwise); when nothing applies the error (66)
/// lists every place searched.
public struct DataDirectory: Sendable, Equatable {
    public enum Origin: String, Sendable, Equatable {
        case flag, environment, currentDirectory, executable, installed, system
    }

    public var path: String
    public var origin: Origin

    public static let environmentVariable = "LLMBENCH_DATA_DIR"
    public static let systemPath = "/usr/local/share/llmbench/datasets"
    /// Where `make install` puts the data, relative to the installed binary's folder (`PREFIX/bin`).
    public static let installedRelativePath = "../share/llmbench/datasets"
    /// The file whose presence marks a directory as holding the shipped datasets.
    static let markerFile = "summarization.jsonl"
    /// Bound on how many parent directories the executable walk visits.
    static let maxWalkDepth = 64

    public init(path: String, origin: Origin) { self.path = path; self.origin = origin }

    /// Resolves the data directory; the last three parameters exist so tests can use temporary directories.
    public static func resolve(explicit: String?, environment: [String: String],
                               executablePath: String?,
                               currentDirectory: String = FileManager.default.currentDirectoryPath,
                               systemPath: String = DataDirectory.systemPath) throws -> DataDirectory {
        if let explicit {
            guard isDirectory(explicit) else { throw LLMBenchError.noInput("--data-dir \(explicit): no such directory") }
            return DataDirectory(path: explicit, origin: .flag)
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            guard isDirectory(fromEnvironment) else {
                throw LLMBenchError.noInput("\(environmentVariable)=\(fromEnvironment): no such directory")
            }
            return DataDirectory(path: fromEnvironment, origin: .environment)
        }
        var searched: [String] = ["--data-dir (not given)", "$\(environmentVariable) (not set)"]

        let local = (currentDirectory as NSString).appendingPathComponent("datasets")
        if holdsMarker(local) { return DataDirectory(path: local, origin: .currentDirectory) }
        searched.append(local)

        if let executablePath, !executablePath.isEmpty {
            let absolute = executablePath.hasPrefix("/")
                ? executablePath : (currentDirectory as NSString).appendingPathComponent(executablePath)
            let binDirectory = ((absolute as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent
            var directory = binDirectory
            for _ in 0..<maxWalkDepth {
                let candidate = (directory as NSString).appendingPathComponent("datasets")
                if holdsMarker(candidate) { return DataDirectory(path: candidate, origin: .executable) }
                searched.append(candidate)
                let parent = (directory as NSString).deletingLastPathComponent
                if parent == directory || parent.isEmpty { break }
                directory = parent
            }
            let installed = ((binDirectory as NSString).appendingPathComponent(installedRelativePath) as NSString).standardizingPath
            if holdsMarker(installed) { return DataDirectory(path: installed, origin: .installed) }
            searched.append(installed)
        }

        if holdsMarker(systemPath) { return DataDirectory(path: systemPath, origin: .system) }
        searched.append(systemPath)

        throw LLMBenchError.noInput(
            "cannot find the shipped datasets (a directory holding \(markerFile)); searched:\n  "
            + searched.joined(separator: "\n  ")
            + "\npass --data-dir DIR (the datasets/ folder of llmbench's source tree) or set \(environmentVariable);"
            + " a copied binary finds its data after `make install PREFIX=DIR` (DIR/bin/llmbench, DIR/share/llmbench/datasets)")
    }

    static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    static func holdsMarker(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(markerFile))
    }
}
