package dev.rectifier.rl;

import java.util.SplittableRandom;

/**
 * The cart-pole balancing task of Barto, Sutton and Anderson (1983), with the dynamics and
 * constants of Gymnasium's {@code CartPole-v1}: gravity 9.8, cart mass 1.0, pole mass 0.1, pole
 * half-length 0.5, force 10 N left (action 0) or right (action 1), time step tau = 0.02 s, explicit
 * Euler integration; the episode terminates when the cart leaves [-2.4, 2.4] or the pole leans
 * more than 12 degrees, and is truncated after 500 steps; the reward is 1 for every step,
 * including the last. A reset draws each state variable from U(-0.05, 0.05).
 *
 * <p>Observation: cart position, cart velocity, pole angle (radians), pole angular velocity. The
 * state is integrated in double, as Gymnasium does, and reported as float.
 */
public final class CartPole implements Environment {
    public static final double GRAVITY = 9.8;
    public static final double CART_MASS = 1.0;
    public static final double POLE_MASS = 0.1;
    public static final double TOTAL_MASS = CART_MASS + POLE_MASS;
    public static final double HALF_LENGTH = 0.5;
    public static final double POLE_MASS_LENGTH = POLE_MASS * HALF_LENGTH;
    public static final double FORCE = 10.0;
    public static final double TAU = 0.02;
    public static final double THETA_LIMIT = 12 * 2 * Math.PI / 360;
    public static final double X_LIMIT = 2.4;
    public static final int MAX_STEPS = 500;

    private double x;
    private double xDot;
    private double theta;
    private double thetaDot;
    private int steps;
    private boolean done = true;

    @Override
    public int observationSize() {
        return 4;
    }

    @Override
    public int actions() {
        return 2;
    }

    @Override
    public void reset(SplittableRandom random, float[] observation) {
        x = uniform(random);
        xDot = uniform(random);
        theta = uniform(random);
        thetaDot = uniform(random);
        steps = 0;
        done = false;
        observe(observation);
    }

    private static double uniform(SplittableRandom random) {
        return random.nextDouble(-0.05, 0.05);
    }

    /** Sets the state directly (tests, and starting from a known state). */
    public void setState(double x, double xDot, double theta, double thetaDot) {
        this.x = x;
        this.xDot = xDot;
        this.theta = theta;
        this.thetaDot = thetaDot;
        this.steps = 0;
        this.done = false;
    }

    /** The state in double: x, x', theta, theta'. */
    public double[] state() {
        return new double[] {x, xDot, theta, thetaDot};
    }

    @Override
    public Step step(int action, float[] observation) {
        if (action != 0 && action != 1) {
            throw new IllegalArgumentException("cart-pole action=" + action + " but it must be 0 (push left) or 1 (push right)");
        }
        if (done) {
            throw new IllegalStateException("the episode has ended: call reset first");
        }
        double force = action == 1 ? FORCE : -FORCE;
        double cos = Math.cos(theta), sin = Math.sin(theta);
        double temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp) / (HALF_LENGTH * (4.0 / 3.0 - POLE_MASS * cos * cos / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        x = x + TAU * xDot;
        xDot = xDot + TAU * xAcc;
        theta = theta + TAU * thetaDot;
        thetaDot = thetaDot + TAU * thetaAcc;
        steps++;
        boolean terminated = x < -X_LIMIT || x > X_LIMIT || theta < -THETA_LIMIT || theta > THETA_LIMIT;
        boolean truncated = !terminated && steps >= MAX_STEPS;
        done = terminated || truncated;
        observe(observation);
        return new Step(1.0, terminated, truncated);
    }

    private void observe(float[] observation) {
        observation[0] = (float) x;
        observation[1] = (float) xDot;
        observation[2] = (float) theta;
        observation[3] = (float) thetaDot;
    }

    @Override
    public String render() {
        int width = 49;
        int cart = (int) Math.round((x + X_LIMIT) / (2 * X_LIMIT) * (width - 1));
        cart = Math.max(0, Math.min(width - 1, cart));
        StringBuilder track = new StringBuilder("|" + " ".repeat(width) + "|");
        int top = Math.max(0, Math.min(width - 1, cart + (int) Math.round(Math.sin(theta) * 6)));
        StringBuilder pole = new StringBuilder(" " + " ".repeat(width) + " ");
        pole.setCharAt(top + 1, theta > 0.02 ? '/' : theta < -0.02 ? '\\' : '|');
        track.setCharAt(cart + 1, '#');
        return String.format("%s%n%s%nstep %3d  x=%+.3f  angle=%+.1f deg", pole, track, steps, x, Math.toDegrees(theta));
    }
}
