using System.Runtime.InteropServices;

namespace CallCenter.Voice.Engines;

/// <summary>
/// P/Invoke declarations for espeak-ng 1.51 (Debian's libespeak-ng1, only the versioned object is installed). The
/// library keeps ALL its state in globals (voice, parameters, callback, buffers): every call must come from the one
/// thread of <see cref="EspeakWorker"/>.
/// </summary>
internal static class EspeakNative
{
    private const string Library = "libespeak-ng.so.1";

    /// <summary>Synthesis runs inside espeak_Synth on the calling thread and hands audio to the callback.</summary>
    public const int AudioOutputSynchronous = 2;

    /// <summary>Return instead of exiting the process when the voice data is missing.</summary>
    public const int InitializeDontExit = 0x8000;

    public const uint CharsUtf8 = 1;

    public const int ParameterRate = 1;
    public const int ParameterVolume = 2;
    public const int ParameterPitch = 3;
    public const int ParameterRange = 4;

    public const int Ok = 0;

    /// <summary>Called with each buffer of samples; wav is NULL at the end of synthesis. Return 0 to go on, 1 to abort.</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int SynthCallback(IntPtr wav, int samples, IntPtr events);

    /// <summary>Returns the sample rate in Hz, or -1.</summary>
    [DllImport(Library)]
    public static extern int espeak_Initialize(int output, int bufferMilliseconds, IntPtr path, int options);

    [DllImport(Library)]
    public static extern void espeak_SetSynthCallback(SynthCallback callback);

    [DllImport(Library)]
    public static extern int espeak_SetVoiceByName([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport(Library)]
    public static extern int espeak_SetParameter(int parameter, int value, int relative);

    [DllImport(Library)]
    public static extern int espeak_Synth(
        byte[] text, nuint size, uint position, int positionType, uint endPosition, uint flags, IntPtr uniqueIdentifier, IntPtr userData);
}
