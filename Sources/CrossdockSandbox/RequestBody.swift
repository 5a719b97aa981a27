import Foundation

/// Decoding of request bodies with the channels' snake_case keys.
enum RequestBody {
    /// Decodes a JSON body, or nil when it is missing or malformed.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) -> T? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(T.self, from: data)
    }

    /// Decodes a JSON body, keeping the decoder's explanation when it fails.
    static func decodeExplaining<T: Decodable>(_ type: T.Type, from data: Data) -> Result<T, RequestBodyError> {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return .success(try decoder.decode(T.self, from: data))
        } catch DecodingError.keyNotFound(let key, _) {
            return .failure(RequestBodyError(message: "The field '\(snakeCase(key.stringValue))' is required."))
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let path = context.codingPath.map { snakeCase($0.stringValue) }.joined(separator: ".")
            return .failure(RequestBodyError(message: "The field '\(path)' has the wrong type."))
        } catch {
            return .failure(RequestBodyError(message: "The request body is not valid JSON."))
        }
    }

    private static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// Why a request body could not be read, as a sentence for the error response.
struct RequestBodyError: Error {
    let message: String
}
