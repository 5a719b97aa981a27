import Foundation

/// Writes a line to standard output at once: `print` is block-buffered when the output is a file, so
/// a log would miss the URLs printed at start.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
