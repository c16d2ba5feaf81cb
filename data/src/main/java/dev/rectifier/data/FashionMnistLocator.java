package dev.rectifier.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds Fashion-MNIST, first match wins:
 * <ol>
 *   <li>the directory the user named (e.g. {@code --data DIR}); if given, it must hold the four
 *       files, and anything wrong with it is an error rather than a reason to look elsewhere;</li>
 *   <li>the system directory, {@value #SYSTEM_DIR_NAME} by default (Debian's
 *       {@code dataset-fashion-mnist} package), when it holds all four files;</li>
 *   <li>the stratified sample bundled with this module (10,000 / 2,000 images).</li>
 * </ol>
 * The result says which source was used, for the user to see. A system directory that exists but
 * lacks some files is skipped, and the description says so; one whose files are corrupt is an
 * error, as silently training on other data would hide a broken installation.
 *
 * <p>The system directory is a constructor argument so that tests and unusual installations can
 * point it elsewhere; nothing is read from global state.
 */
public final class FashionMnistLocator {
    static final String SYSTEM_DIR_NAME = "/usr/share/datasets/fashion-mnist";
    /** Where Debian's {@code dataset-fashion-mnist} package installs the four gzip files. */
    public static final Path SYSTEM_DIR = Path.of(SYSTEM_DIR_NAME);

    /** Where the data came from. */
    public enum Source {
        /** The directory the user named. */
        EXPLICIT_DIR,
        /** The system-wide installation. */
        SYSTEM_DIR,
        /** The sample in this module's resources. */
        BUNDLED_SAMPLE
    }

    /**
     * The data found, with where it came from.
     *
     * @param directory   the directory read, empty for the bundled sample
     * @param description one line for the user, e.g. {@code "Fashion-MNIST, full (60000 train /
     *                    10000 test) from /usr/share/datasets/fashion-mnist"} or {@code "bundled
     *                    stratified sample (10000 / 2000)"}
     */
    public record Located(Dataset train, Dataset test, Source source, Optional<Path> directory, String description) {}

    private final Path explicitDir;
    private final Path systemDir;

    /**
     * @param explicitDir the directory the user named, or null if none
     * @param systemDir   the system directory to try next, or null to skip it
     */
    public FashionMnistLocator(Path explicitDir, Path systemDir) {
        this.explicitDir = explicitDir;
        this.systemDir = systemDir;
    }

    /** The usual order: {@code explicitDir} (may be null), then {@link #SYSTEM_DIR}, then the bundled sample. */
    public static FashionMnistLocator standard(Path explicitDir) {
        return new FashionMnistLocator(explicitDir, SYSTEM_DIR);
    }

    /** {@link #locate(PixelScale)} with pixels in [0, 1]. */
    public Located locate() {
        return locate(PixelScale.UNIT);
    }

    /**
     * Loads from the first source available, pixels scaled by {@code scale}.
     *
     * @throws DataException if the explicit directory is missing, incomplete (the message lists the
     *                       files expected) or corrupt, or if the system directory's files are corrupt
     */
    public Located locate(PixelScale scale) {
        Objects.requireNonNull(scale, "scale is null");
        if (explicitDir != null) {
            FashionMnist.TrainTest data = FashionMnist.load(explicitDir, scale);
            return located(data, Source.EXPLICIT_DIR, explicitDir);
        }
        String note = "";
        if (systemDir != null && Files.isDirectory(systemDir)) {
            List<String> missing = FashionMnist.missingFiles(systemDir);
            if (missing.isEmpty()) {
                return located(FashionMnist.load(systemDir, scale), Source.SYSTEM_DIR, systemDir);
            }
            note = "; " + systemDir + " lacks " + String.join(", ", missing);
        }
        FashionMnist.TrainTest sample = FashionMnist.loadBundledSample(scale);
        return new Located(sample.train(), sample.test(), Source.BUNDLED_SAMPLE, Optional.empty(),
                "bundled stratified sample (" + sample.train().size() + " / " + sample.test().size() + ")" + note);
    }

    private static Located located(FashionMnist.TrainTest data, Source source, Path dir) {
        int train = data.train().size(), test = data.test().size();
        String what = train == 60000 && test == 10000 ? "Fashion-MNIST, full" : "Fashion-MNIST";
        return new Located(data.train(), data.test(), source, Optional.of(dir),
                what + " (" + train + " train / " + test + " test) from " + dir);
    }
}
