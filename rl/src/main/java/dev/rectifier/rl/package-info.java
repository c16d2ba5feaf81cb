/**
 * Reinforcement learning with rectifier networks: the {@link dev.rectifier.rl.CartPole} task
 * (Gymnasium's CartPole-v1 dynamics), deep Q-learning ({@link dev.rectifier.rl.Dqn}, settings in
 * {@link dev.rectifier.rl.DqnConfig}), dead and dormant unit measurements with ReDo
 * ({@link dev.rectifier.rl.Dormancy}), and the trained greedy policy
 * ({@link dev.rectifier.rl.GreedyPolicy}: play, render, save, load).
 *
 * <pre>{@code
 * DqnConfig config = DqnConfig.cartPole("relu", 1);             // the tuned defaults
 * Dqn.Result result = new Dqn(config, new CartPole()).train(e ->
 *         System.out.printf("episode %d return %.0f mean %.1f dead %.3f%n",
 *                 e.number(), e.episodeReturn(), e.meanReturn(), e.deadFraction()));
 * GreedyPolicy policy = new GreedyPolicy(result.policy(), 4);
 * policy.episode(new CartPole(), new SplittableRandom(7), System.out::println);  // text frames
 * policy.save(Path.of("cartpole-policy"), Map.of("seed", 1));
 * }</pre>
 *
 * <p>Solved means the mean return of the last 100 consecutive <em>training</em> episodes (with
 * exploration) reaches 475, the threshold Gymnasium registers for CartPole-v1. A greedy
 * evaluation of the final policy ({@link dev.rectifier.rl.GreedyPolicy#evaluate}) is reported
 * beside it, not instead of it.
 */
package dev.rectifier.rl;
