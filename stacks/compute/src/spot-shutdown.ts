// The shutdown budget of a Fargate Spot task. When Spot reclaims a task, ECS first deregisters it
// from the target group (the ALB drains it for the deregistration delay) and only then sends SIGTERM;
// the container then has stopTimeout seconds before SIGKILL. Both must fit in the notice, with room
// for ECS's own latency between the steps.
//
// Sources:
// - Notice: "A termination notice is a two-minute warning ... sent ... as a SIGTERM signal to the
//   running task"; stopTimeout "a maximum value of 120 seconds ... default value of 30 seconds".
//   https://repost.aws/knowledge-center/fargate-spot-termination-notice
// - stopTimeout: "For tasks that use the Fargate launch type, the max stop timeout value is 120 seconds"
//   (ContainerDefinition.stopTimeout): https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
// - Order (deregister, then SIGTERM): "Amazon ECS will now deregister your task running on Fargate Spot,
//   if it receives a spot termination notice, before issuing a SIGTERM":
//   https://aws.amazon.com/about-aws/whats-new/2023/02/amazon-elastic-container-service-accuracy-service-load-balancing/

/** Fargate Spot's interruption notice. */
export const SPOT_NOTICE_SECONDS = 120;
/** Fargate's ceiling for a container's stopTimeout. */
export const FARGATE_MAX_STOP_TIMEOUT_SECONDS = 120;
/** The target group drains a deregistered task for this long (in-flight requests finish). */
export const DEREGISTRATION_DELAY_SECONDS = 30;
/** Left unused in the notice, for ECS's latency between deregistration, SIGTERM and the reclaim. */
export const SPOT_SHUTDOWN_MARGIN_SECONDS = 15;
/** SIGTERM to SIGKILL: whatever the notice leaves after the drain and the margin (75 s). */
export const STOP_TIMEOUT_SECONDS = SPOT_NOTICE_SECONDS - DEREGISTRATION_DELAY_SECONDS - SPOT_SHUTDOWN_MARGIN_SECONDS;
