/// The quantity a marketplace listing is sent, computed from BigCommerce's truth.
public enum InventoryRule {
    /// `max(0, truth − reserved)`; a negative truth means out of stock. Nil when the product's
    /// inventory is not tracked in BigCommerce, in which case no quantity is sent.
    public static func available(truth: Int?, reserved: Int) -> Int? {
        guard let truth else { return nil }
        return max(0, truth - max(0, reserved))
    }
}
