/**
 * Files: strict JSON and JSON Lines ({@link dev.rectifier.io.Json}, {@link dev.rectifier.io.JsonLines}),
 * the safetensors format ({@link dev.rectifier.io.SafeTensors}), saved models
 * ({@link dev.rectifier.io.ModelFile}: {@code model.json} + {@code model.safetensors}, PyTorch
 * state_dict names) and training checkpoints for resuming ({@link dev.rectifier.io.Checkpoint},
 * {@link dev.rectifier.io.CheckpointListener}).
 *
 * <p>Every file is replaced atomically ({@link dev.rectifier.io.AtomicFiles}); every problem
 * with a file is a {@link dev.rectifier.io.FileFormatException} whose message starts with the
 * file and says what is wrong.
 */
package dev.rectifier.io;
