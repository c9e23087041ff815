import Foundation
import TerminalKit

/// Everything that can change the model: input from the terminal, the clock, and (as later
/// screens add them) the results of effects the Runtime ran.
public enum Msg: Equatable, Sendable {
    case key(Key)
    /// The terminal is now `width`×`height`.
    case resize(width: Int, height: Int)
    /// The clock moved; carries the time so `update` never reads a clock itself.
    case tick(Date)
    /// The terminal's input is gone: finish.
    case inputClosed
    /// The answer to a `ClerkEffect`.
    case clerk(ClerkResult)
    /// Results of the おくやみ effects.
    case okuyami(OkuyamiMsg)
    /// Results of the 点検 and アクセス履歴 effects.
    case review(ReviewMsg)
    /// Results of the 管理者モード effects.
    case supervisor(SupervisorResult)
    /// Results of the 研修モード effects.
    case training(TrainingMsg)
}
