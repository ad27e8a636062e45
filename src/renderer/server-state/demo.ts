import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ConsoleTarget } from '../store/app-slice';
import { onInstance, useInstance } from './admin-query';
import { queryKeys } from './query-keys';

/** The demo lab's scenarios, as the instance shown describes them. */
export const scenariosQuery = (instance: ConsoleTarget) =>
  queryOptions({
    queryKey: queryKeys.demoScenarios(instance),
    queryFn: onInstance(instance, (api) => api.demo.scenarios({})),
  });

export const useScenarios = () => useQuery(scenariosQuery(useInstance()));
