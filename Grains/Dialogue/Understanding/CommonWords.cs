namespace CallCenter.Dialogue.Understanding;

/// <summary>
/// Everyday English words that are never typo-corrected into something else. Without this list "shows" would become
/// "shoes" and "trial" would become "trail"; the training corpus adds its own words to it at start-up.
/// </summary>
internal static class CommonWords
{
    public static readonly HashSet<string> English = new(
        """
        about above after again against along already also although always among another answer anyone anything anyway
        anywhere around asked asking batch before began begin behind being below beside better between beyond bring brought
        build built called calling calls cannot carry catch cause certain chance change changed check checked child choose
        close closed coming could couldn country course create daily dance dark daughter dinner doing dollar during early
        earth either else enough entire evening every everyone everything example family father favorite feeling field figure
        final finally find finding first floor follow food force friday friend friends front funny game games given giving
        glass going great green ground group happen happened happens happy heard heart heavy hello help helped helping
        history holiday home hope horse hotel house however hundred idea important inside instead island issue itself joke
        kitchen knowing known large latch later laugh learn least leave leaving letter level light little live lives local
        long looking lovely major match maybe mean meaning means meant measure meeting might minute minutes monday money
        month months morning mother mountain movie movies music myself nature near nearly need needed needs never night
        nobody noise north nothing notice number often older other others outside paper parent parents party pass past patch
        pattern pay paying perhaps phone picture piece place plan planet plant play played player playing please point
        possible power present pretty probably problem problems question questions quick quickly quite radio rain raining
        rather reach read reading ready really reason remember report rest right river road room round running saturday
        school science second seems seen sell send sentence service seven several shall shape share shoot short should shout
        show shown shows simple since sister sleep small smart smarter smile snow something sometimes somewhere song songs
        soon sorry sound south space speak special spell sport sports spring stand stare start started starting state station
        still stop stopped store story street strong student study such summer sunday sure table taking talk talked talking
        teacher team tell telling thank thanks their them themselves then there these they thing things think third those
        though thought three through thursday today together tomorrow tonight total toward travel trial tried trouble trying
        tuesday turn under until upon usual usually valley very voice wait waiting walk walked want wanted warm watch watched
        watching water weather wednesday week weekend weeks weight welcome well were what when where whether which while
        white whole whose window winter with within without woman women wonder word words work worked working world would
        write writing wrong year years yellow yesterday young your yours yourself
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);
}
