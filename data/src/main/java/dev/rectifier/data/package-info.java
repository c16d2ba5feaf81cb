/**
 * Data for classification: loaders, the bundled Fashion-MNIST sample, and the transforms a
 * training run applies before the first step.
 *
 * <ul>
 *   <li>{@link dev.rectifier.data.Idx}: IDX files (MNIST, Fashion-MNIST), plain or gzip, fully
 *       checked; {@link dev.rectifier.data.CsvLoader}: labelled CSV tables.</li>
 *   <li>{@link dev.rectifier.data.Dataset}: samples as one row-major {@code float[]} with
 *       {@code int} class labels, class names and the sample shape.</li>
 *   <li>{@link dev.rectifier.data.FashionMnistLocator}: an explicit directory, then
 *       {@code /usr/share/datasets/fashion-mnist}, then the bundled stratified sample.</li>
 *   <li>{@link dev.rectifier.data.Normalizer} (statistics from the training set only) and
 *       {@link dev.rectifier.data.Splits} (seeded, stratified).</li>
 * </ul>
 *
 * Bad files throw {@link dev.rectifier.data.DataException}, whose message names the file (and
 * line) and the problem; bad arguments throw {@link IllegalArgumentException} naming the values.
 */
package dev.rectifier.data;
