/// Maps BigCommerce's shipping providers to each marketplace's carrier codes.
public enum CarrierMapping {
    /// Amazon `carrierCode` for a BigCommerce `shipping_provider` or `tracking_carrier`; nil when
    /// the carrier is unknown, which the hub shows as an error rather than guessing.
    public static func amazonCarrierCode(bigCommerceProvider: String?, trackingCarrier: String? = nil) -> String? {
        let candidates = [bigCommerceProvider, trackingCarrier].compactMap { $0?.lowercased() }.filter { !$0.isEmpty }
        for candidate in candidates {
            switch candidate {
            case "royalmail", "royal-mail": return "Royal Mail"
            case "ups", "upsready": return "UPS"
            case "usps", "endicia": return "USPS"
            case "fedex": return "FedEx"
            case "dhl", "dhl-express": return "DHL"
            case "auspost", "australia-post": return "Australia Post"
            case "canadapost", "canada-post": return "Canada Post"
            case "dpd", "dpd-uk": return "DPD"
            case "parcelforce": return "Parcelforce"
            case "hermes", "evri": return "Evri"
            default: continue
            }
        }
        return nil
    }
}
