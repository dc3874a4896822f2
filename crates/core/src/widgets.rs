//! The list of widgets: one line each, its name in Rust, its model's module and its state type.
//! Everything that concerns every widget reads this list: the model modules
//! (`model`), `WidgetKind` with its ids, titles, directive checks and static twins
//! (`lesson::directive`, `lesson::twin`), the pages that list them (`lesson::page`), and in the
//! app, the view modules, their chunks and the code that mounts them (`ui::widgets`).
//!
//! Adding a widget: a line here, its model (`model/<module>.rs`, implementing
//! `model::widget::Widget`), its view (`ui/widgets/<module>.rs` in the app) and its CSS.

/// Calls the macro `$then` with every widget as `Name module State,` (an entry may carry
/// attributes, such as the `cfg` of the throwaway widget of the shell-growth check).
#[macro_export]
macro_rules! for_each_widget {
    ($then:path) => {
        $then! {
            Nines nines NinesState,
            CdnLatency cdn_latency CdnState,
            Cap cap CapState,
            Saga saga SagaState,
            Estimator estimator EstimatorState,
            TailLatency tail_latency TailState,
            Queue queue QueueState,
            LoadBalancer load_balancer LoadBalancerState,
            Dns dns DnsState,
            Autoscaling autoscaling AutoscalingState,
            Quorum quorum QuorumState,
            Sharding sharding ShardingState,
            Index index IndexState,
            Cache cache CacheState,
            Broker broker BrokerState,
            Delivery delivery DeliveryState,
            Windows windows WindowsState,
            MapReduce mapreduce MapReduceState,
            #[cfg(feature = "probe-widget")] Probe probe ProbeState,
        }
    };
}
