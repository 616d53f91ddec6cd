using CallCenter.Calls;
using CallCenter.Dialogue.Emotion;

namespace CallCenter.Dialogue;

/// <summary>What one caller turn produced: the reply, the resolved intent and entities, the emotion reading, and whether the call was handed to a person.</summary>
public sealed record BrainTurn(
    string Reply,
    Intent Intent,
    double Confidence,
    Entity[] Entities,
    EmotionReading Emotion,
    bool Handoff,
    string Brain);
