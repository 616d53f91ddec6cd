using System.Runtime.InteropServices;

namespace CallCenter.Voice.Engines;

/// <summary>
/// P/Invoke declarations for PocketSphinx 5prealpha and SphinxBase as Debian 12 ships them (libpocketsphinx3):
/// only the versioned shared objects are installed, so the names carry the ".so.3" suffix.
/// </summary>
internal static class PocketSphinxNative
{
    private const string PocketSphinx = "libpocketsphinx.so.3";
    private const string SphinxBase = "libsphinxbase.so.3";

    /// <summary>The argument definitions ps_init understands (static data owned by the library).</summary>
    [DllImport(PocketSphinx)]
    internal static extern IntPtr ps_args();

    /// <summary>
    /// Parses "-name value" pairs into a new configuration. Used instead of the variadic cmd_ln_init, which P/Invoke
    /// cannot call portably. The configuration's hash table keeps the argument-name pointers as its keys (it does not
    /// copy them), so the strings must stay allocated until the configuration is freed: see <see cref="NativeArguments"/>.
    /// </summary>
    [DllImport(SphinxBase)]
    internal static extern IntPtr cmd_ln_parse_r(IntPtr inoutConfig, IntPtr definitions, int argc, IntPtr[] argv, int strict);

    [DllImport(SphinxBase)]
    internal static extern int cmd_ln_free_r(IntPtr config);

    /// <summary>Returns NULL when the model cannot be loaded (the reason goes to the PocketSphinx log).</summary>
    [DllImport(PocketSphinx)]
    internal static extern IntPtr ps_init(IntPtr config);

    [DllImport(PocketSphinx)]
    internal static extern int ps_free(IntPtr decoder);

    [DllImport(PocketSphinx)]
    internal static extern int ps_add_word(
        IntPtr decoder,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string word,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string phones,
        int update);

    [DllImport(PocketSphinx)]
    internal static extern int ps_set_jsgf_string(
        IntPtr decoder,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string name,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string jsgf);

    [DllImport(PocketSphinx)]
    internal static extern int ps_set_lm_file(
        IntPtr decoder,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string name,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    [DllImport(PocketSphinx)]
    internal static extern int ps_set_allphone_file(
        IntPtr decoder,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string name,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    [DllImport(PocketSphinx)]
    internal static extern int ps_set_search(IntPtr decoder, [MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport(PocketSphinx)]
    internal static extern int ps_start_utt(IntPtr decoder);

    /// <summary>The samples are pinned for the call only; PocketSphinx copies what it keeps.</summary>
    [DllImport(PocketSphinx)]
    internal static extern int ps_process_raw(IntPtr decoder, in short data, nuint samples, int noSearch, int fullUtterance);

    [DllImport(PocketSphinx)]
    internal static extern int ps_end_utt(IntPtr decoder);

    /// <summary>The returned string belongs to the decoder and is valid until its next call.</summary>
    [DllImport(PocketSphinx)]
    internal static extern IntPtr ps_get_hyp(IntPtr decoder, out int bestScore);

    [DllImport(PocketSphinx)]
    internal static extern int ps_get_n_frames(IntPtr decoder);

    /// <summary>Word segments of the current hypothesis; the iterator frees itself when ps_seg_next returns NULL.</summary>
    [DllImport(PocketSphinx)]
    internal static extern IntPtr ps_seg_iter(IntPtr decoder);

    [DllImport(PocketSphinx)]
    internal static extern IntPtr ps_seg_next(IntPtr segment);

    [DllImport(PocketSphinx)]
    internal static extern IntPtr ps_seg_word(IntPtr segment);

    [DllImport(PocketSphinx)]
    internal static extern void ps_seg_frames(IntPtr segment, out int startFrame, out int endFrame);

    [DllImport(PocketSphinx)]
    internal static extern void ps_seg_free(IntPtr segment);

    /// <summary>UTF-8 copies of the decoder arguments in native memory, kept alive as long as the configuration that points at them.</summary>
    internal sealed class NativeArguments : IDisposable
    {
        private readonly IntPtr[] _argv;

        public NativeArguments(IReadOnlyList<string> arguments)
        {
            _argv = new IntPtr[arguments.Count];
            for (var i = 0; i < _argv.Length; i++) _argv[i] = Marshal.StringToCoTaskMemUTF8(arguments[i]);
        }

        /// <summary>A new configuration, or NULL when an argument is unknown or malformed.</summary>
        public IntPtr Parse() => cmd_ln_parse_r(IntPtr.Zero, ps_args(), _argv.Length, _argv, 1);

        public void Dispose()
        {
            for (var i = 0; i < _argv.Length; i++)
            {
                Marshal.FreeCoTaskMem(_argv[i]);
                _argv[i] = IntPtr.Zero;
            }
        }
    }
}
