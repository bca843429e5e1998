// The one storage account of a deployment: the Functions host (AzureWebJobsStorage: timers, queue triggers, host keys),
// the Durable task hub (blobs, queues and tables), the app's own tables and queues, and the Flex deployment package.
// The app identity gets Blob Data Owner, Queue Data Contributor and Table Data Contributor: the Durable Task Azure
// Storage provider needs all three services.

@description('Name of the storage account (3 to 24 lower-case letters and digits).')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags object

@description('Principal id of the app identity.')
param appPrincipalId string

@description('The blob container Flex Consumption deploys the app package to.')
param deploymentContainerName string

var blobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var queueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var tableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource roles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [blobDataOwner, queueDataContributor, tableDataContributor]: {
  name: guid(storage.id, appPrincipalId, role)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}]

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output deploymentContainerUrl string = '${storage.properties.primaryEndpoints.blob}${deploymentContainer.name}'
